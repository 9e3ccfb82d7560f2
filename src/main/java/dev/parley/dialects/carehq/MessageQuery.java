package dev.parley.dialects.carehq;

import static org.jooq.impl.DSL.inline;

import dev.parley.contacts.ContactKind;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageColumns;
import dev.parley.conversations.MessageDays;
import dev.parley.query.Expr;
import dev.parley.query.Expr.Compare;
import dev.parley.query.Expr.Literal;
import dev.parley.query.Expr.Op;
import dev.parley.query.OrderItem;
import dev.parley.query.QueryResource;
import dev.parley.query.QueryResource.BoundFilter;
import dev.parley.query.QueryResource.Ordering;
import dev.parley.query.QueryResource.Property;
import dev.parley.query.QueryResource.Type;
import dev.parley.storage.Planning;
import dev.parley.tenancy.InvalidInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.springframework.util.MultiValueMap;

/**
 * The parameters of {@code GET /v1/messages}, checked, with the filters as a neutral {@link Expr} over the
 * allow-list {@link #MESSAGES}: every filter runs as SQL with bound parameters, none in memory. Every
 * problem is reported at once, each under the parameter it is about.
 *
 * @param filter the filters joined by "and"; null when there are none
 * @param matchesNothing an id filter named only ids that Parley cannot have issued
 * @param days the same filter as whole days of some channels and directions, which the day counters count
 *             (ADR 0028); null when a filter needs the messages themselves
 */
record MessageQuery(Expr filter, boolean matchesNothing, MessageDays days, List<OrderItem> sort, int page, int perPage,
                    List<String> attributes) {

    static final int DEFAULT_PER_PAGE = 10;
    static final int MAX_PER_PAGE = 100;
    /** OFFSET paging reads every row it skips, so pages stop here; a filter narrows the list instead. */
    static final int MAX_OFFSET = 100_000;
    static final int MAX_LIST_VALUES = 1000;
    static final int MAX_Q_LENGTH = 200;
    static final List<String> SORTABLE = List.of("_id", "created", "modified", "date_time");

    private static final Field<String> CORRESPONDENT = DSL.coalesce(
            Contacts.displayNameOf(MessageColumns.tenantId(), MessageColumns.contactId()).concat(inline(" ")), inline(""))
            .concat(MessageColumns.counterpart());

    /**
     * Each direction written into the SQL rather than bound: a plan kept for every value (ADR 0036) can then read
     * the index of inbound messages alone (ADR 0035), which a bound direction could not promise to match.
     */
    private static final Map<String, Condition> DIRECTIONS = Arrays.stream(Direction.values()).collect(
            Collectors.toUnmodifiableMap(Direction::wireName,
                    d -> MessageColumns.direction().eq(inline(d.wireName()))));

    /** What a message may be filtered and sorted by: CareHQ's attributes, and the kind of contact it is with. */
    static final QueryResource MESSAGES = new QueryResource(List.of(
            new Property("_id", Type.NUMBER, MessageColumns.id()),
            new Property("created", Type.DATETIME, MessageColumns.createdAt()),
            new Property("modified", Type.DATETIME, MessageColumns.updatedAt()),
            new Property("date_time", Type.DATETIME, MessageColumns.occurredAt()),
            new Property("channel", Type.STRING, MessageColumns.channel()),
            new Property("direction", Type.STRING, MessageColumns.direction(), DIRECTIONS),
            new Property("delivery_status", Type.STRING, DeliveryStatus.column()),
            new Property("location", Type.NUMBER, MessageColumns.locationId()),
            new Property("contact", Type.NUMBER, MessageColumns.contactId()),
            new Property("contact_kind", Type.STRING, Contacts.kindOf(MessageColumns.tenantId(), MessageColumns.contactId())),
            new Property("sent_by", Type.NUMBER, MessageColumns.sentBy()),
            new Property("reply_to", Type.NUMBER, MessageColumns.replyToStaffId()),
            new Property("read", Type.DATETIME, MessageColumns.readAt()),
            new Property("anonymized", Type.DATETIME, MessageColumns.anonymizedAt()),
            new Property("correspondent", Type.STRING, CORRESPONDENT),
            new Property("destination", Type.STRING, MessageColumns.toAddress()),
            new Property("origin", Type.STRING, MessageColumns.fromAddress())));

    private static final List<String> FILTERS = List.of("filters-anonymized", "filters-care_enquiry", "filters-channel",
            "filters-delivery_status", "filters-direction", "filters-end_date", "filters-ids", "filters-location",
            "filters-location_contact", "filters-modified_after", "filters-modified_before", "filters-q", "filters-read",
            "filters-reply_to_user", "filters-sent_by", "filters-service_user", "filters-service_user_contact",
            "filters-start_date");
    /** The filters that select whole UTC days of some channels and directions, and nothing else. */
    private static final Set<String> DAY_FILTERS = Set.of("filters-channel", "filters-direction", "filters-start_date",
            "filters-end_date");
    private static final Set<String> PARAMETERS = Stream.concat(Stream.of("attributes", "sort_by", "page", "per_page"),
            FILTERS.stream()).collect(Collectors.toUnmodifiableSet());
    private static final Pattern DATE_TIME = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2})(?:[ T](\\d{2}:\\d{2}:\\d{2})(Z|[+-]\\d{2}:?\\d{2})?)?$");

    int offset() {
        return (page - 1) * perPage;
    }

    /** The filters as an SQL condition, through the allow-list, with their values bound by name. */
    BoundFilter boundFilter() {
        return MESSAGES.bind(filter);
    }

    /**
     * Planned once when one plan serves both the count and the page whatever their values, otherwise for each
     * request (ADR 0036). The page is served alike when it bounds only the property it is ordered by, from which
     * its index is read. The count is, when it sums day counters, or when it bounds nothing: how far a bound
     * reaches decides between reading a few index entries and reading a third of the history in parallel.
     */
    Planning planning(BoundFilter filter) {
        boolean countAlike = days != null || filter.plannedAlikeForAnyValues(null);
        return countAlike && filter.plannedAlikeForAnyValues(sort.get(0).property()) ? Planning.ONCE
                : Planning.FOR_EACH_EXECUTION;
    }


    /**
     * The order as SQL, then by {@code _id} in the direction of the last field, so that the order is total
     * and, for {@code date_time}, the one the (occurred_at, id) index already has. No sort field can be null,
     * so no NULLS clause stands between the order and the indexes.
     */
    Ordering order() {
        List<SortField<?>> order = new ArrayList<>();
        StringBuilder shape = new StringBuilder();
        for (OrderItem item : sort) {
            Field<?> field = MESSAGES.property("sort_by", item.property(), -1).field();
            order.add(item.descending() ? field.desc() : field.asc());
            shape.append(item.property()).append(item.descending() ? " desc," : " asc,");
        }
        if (sort.stream().noneMatch(item -> item.property().equals("_id"))) {
            order.add(sort.get(sort.size() - 1).descending() ? MessageColumns.id().desc() : MessageColumns.id().asc());
        }
        return new Ordering(shape.toString(), order);
    }

    /** Reads the parameters of a list request, or refuses them all at once with every problem named. */
    static MessageQuery parse(MultiValueMap<String, String> parameters) {
        Reader in = new Reader(parameters);
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                in.problem(name, "is not a parameter of GET /v1/messages; the parameters are attributes, sort_by, page,"
                        + " per_page and " + String.join(", ", FILTERS));
            }
        }
        List<String> attributes = in.attributes(List.of("_id"));
        List<OrderItem> sort = in.sort();
        Integer page = in.integer("page", 1, 1, Integer.MAX_VALUE);
        Integer perPage = in.integer("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
        if (page != null && perPage != null && (long) (page - 1) * perPage > MAX_OFFSET) {
            in.problem("page", "reaches past item " + MAX_OFFSET + ", the deepest a page goes; narrow the list with a"
                    + " filter such as filters-modified_after or filters-start_date instead");
        }
        in.tristate("filters-anonymized", "anonymized");
        in.tristate("filters-read", "read");
        in.contacts("filters-care_enquiry", ContactKind.CARE_SEEKER);
        in.contacts("filters-service_user", ContactKind.SERVICE_USER);
        in.contacts("filters-service_user_contact", ContactKind.SERVICE_USER_CONTACT);
        in.contacts("filters-location_contact", ContactKind.LOCATION_CONTACT);
        in.oneOf("filters-channel", "channel", Arrays.stream(Channel.values()).map(Channel::wireName).toList());
        in.oneOf("filters-direction", "direction", Arrays.stream(Direction.values()).map(Direction::wireName).toList());
        in.oneOf("filters-delivery_status", "delivery_status",
                Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::wireName).toList());
        in.ids("filters-ids", "_id", null);
        in.ids("filters-location", "location", null);
        in.ids("filters-sent_by", "sent_by", null);
        in.ids("filters-reply_to_user", "reply_to", null);
        in.startDate();
        in.endDate();
        in.modified("filters-modified_after", true);
        in.modified("filters-modified_before", false);
        in.keyword();
        in.finish();
        return new MessageQuery(in.allOf(), in.matchesNothing, in.days(), sort, page, perPage, attributes);
    }

    /** The attributes asked of one message: every attribute unless {@code attributes} says otherwise. */
    static List<String> attributesOfOne(MultiValueMap<String, String> parameters) {
        Reader in = new Reader(parameters);
        for (String name : parameters.keySet()) {
            if (!name.equals("attributes")) {
                in.problem(name, "is not a parameter of GET /v1/messages/<message_id>; only attributes is");
            }
        }
        List<String> attributes = in.attributes(MessageObject.ATTRIBUTES);
        in.finish();
        return attributes;
    }

    /** Reads parameters, collecting the problems and the filters. */
    private static final class Reader {
        private final MultiValueMap<String, String> parameters;
        private final List<InvalidInput.Problem> problems = new ArrayList<>();
        private final List<Expr> filters = new ArrayList<>();
        /** The parameters that added a filter, and the values some of them chose. */
        private final Set<String> filtered = new java.util.HashSet<>();
        private final java.util.Map<String, List<String>> chosen = new java.util.HashMap<>();
        private LocalDate start;
        private LocalDate end;
        private boolean matchesNothing;

        Reader(MultiValueMap<String, String> parameters) {
            this.parameters = parameters;
        }

        void problem(String parameter, String message) {
            problems.add(new InvalidInput.Problem(parameter, message));
        }

        void finish() {
            if (!problems.isEmpty()) {
                throw new InvalidInput(problems);
            }
        }

        Expr allOf() {
            return filters.stream().reduce(Expr.And::new).orElse(null);
        }

        void filter(String parameter, Expr expr) {
            filters.add(expr);
            filtered.add(parameter);
        }

        /** The filters as whole days of some channels and directions; null when any other filter was given. */
        MessageDays days() {
            if (!DAY_FILTERS.containsAll(filtered)) {
                return null;
            }
            return new MessageDays(
                    chosen.getOrDefault("filters-channel", List.of()).stream().map(c -> Channel.fromWire(c).orElseThrow())
                            .collect(Collectors.toSet()),
                    chosen.getOrDefault("filters-direction", List.of()).stream().map(d -> Direction.fromWire(d).orElseThrow())
                            .collect(Collectors.toSet()),
                    start, end);
        }

        /** The values of a list parameter: repeated, or separated by commas; null when it is absent or empty. */
        List<String> list(String parameter) {
            List<String> given = parameters.get(parameter);
            if (given == null) {
                return null;
            }
            List<String> values = given.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                    .filter(v -> !v.isEmpty()).toList();
            if (values.size() > MAX_LIST_VALUES) {
                problem(parameter, "has " + values.size() + " values; give at most " + MAX_LIST_VALUES);
                return null;
            }
            return values.isEmpty() ? null : values;
        }

        /** The value of a parameter given at most once; null when it is absent or empty. */
        String single(String parameter) {
            List<String> given = parameters.get(parameter);
            if (given == null || given.isEmpty()) {
                return null;
            }
            if (given.size() > 1) {
                problem(parameter, "is given " + given.size() + " times; give it once");
                return null;
            }
            String value = given.get(0).strip();
            return value.isEmpty() ? null : value;
        }

        List<String> attributes(List<String> fallback) {
            List<String> names = list("attributes");
            if (names == null) {
                return fallback;
            }
            LinkedHashSet<String> chosen = new LinkedHashSet<>();
            for (String name : names) {
                if (MessageObject.ATTRIBUTES.contains(name)) {
                    chosen.add(name);
                } else {
                    problem("attributes", "'" + name + "' is not an attribute of a message; the attributes are "
                            + String.join(", ", MessageObject.ATTRIBUTES));
                }
            }
            return List.copyOf(chosen);
        }

        List<OrderItem> sort() {
            List<String> fields = list("sort_by");
            if (fields == null) {
                return List.of(new OrderItem("_id", false, -1));
            }
            List<OrderItem> sort = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            for (String field : fields) {
                boolean descending = field.startsWith("-");
                String name = descending ? field.substring(1) : field;
                if (!SORTABLE.contains(name)) {
                    problem("sort_by", "'" + field + "' is not a field to sort by; sort by " + String.join(", ", SORTABLE)
                            + ", each prefixed with - for descending order");
                } else if (!seen.add(name)) {
                    problem("sort_by", "names '" + name + "' more than once");
                } else {
                    sort.add(new OrderItem(name, descending, -1));
                }
            }
            return sort.isEmpty() ? List.of(new OrderItem("_id", false, -1)) : sort;
        }

        Integer integer(String parameter, int fallback, int min, int max) {
            String text = single(parameter);
            if (text == null) {
                return parameters.containsKey(parameter) && parameters.get(parameter).size() > 1 ? null : fallback;
            }
            try {
                int value = Integer.parseInt(text);
                if (value < min || value > max) {
                    problem(parameter, max == Integer.MAX_VALUE ? "must be " + min + " or more, not " + value
                            : "must be between " + min + " and " + max + ", not " + value);
                    return null;
                }
                return value;
            } catch (NumberFormatException e) {
                problem(parameter, "'" + text + "' is not a whole number");
                return null;
            }
        }

        void tristate(String parameter, String property) {
            String value = single(parameter);
            if (value == null || value.equals("unset")) {
                return;
            }
            switch (value) {
                case "yes" -> filter(parameter, new Compare(property, Op.NE, new Literal.Null(), -1, -1));
                case "no" -> filter(parameter, new Compare(property, Op.EQ, new Literal.Null(), -1, -1));
                default -> problem(parameter, "'" + value + "' is not one of yes, no, unset");
            }
        }

        void oneOf(String parameter, String property, List<String> allowed) {
            List<String> values = list(parameter);
            if (values == null) {
                return;
            }
            List<String> accepted = new ArrayList<>();
            for (String value : values) {
                if (allowed.contains(value)) {
                    accepted.add(value);
                } else {
                    problem(parameter, "'" + value + "' is not one of " + String.join(", ", allowed));
                }
            }
            if (!accepted.isEmpty()) {
                filter(parameter, anyOf(accepted.stream()
                        .<Expr>map(value -> new Compare(property, Op.EQ, new Literal.Text(value), -1, -1)).toList()));
                chosen.put(parameter, accepted);
            }
        }

        /** Messages with one of these ids in {@code property}, and meeting {@code also} when given. */
        void ids(String parameter, String property, Expr also) {
            List<String> values = list(parameter);
            if (values == null) {
                return;
            }
            List<Expr> alternatives = new ArrayList<>();
            boolean wellFormed = true;
            for (String value : values) {
                String id = value.toLowerCase(Locale.ROOT);
                if (!Wire.isId(id)) {
                    problem(parameter, "'" + value + "' is not an id; an id is 24 hex characters");
                    wellFormed = false;
                } else {
                    Wire.parseId(id).ifPresent(n -> alternatives.add(
                            new Compare(property, Op.EQ, new Literal.Number(BigDecimal.valueOf(n)), -1, -1)));
                }
            }
            if (wellFormed && alternatives.isEmpty()) {
                matchesNothing = true;
            } else if (!alternatives.isEmpty()) {
                Expr any = anyOf(alternatives);
                filter(parameter, also == null ? any : new Expr.And(any, also));
            }
        }

        /** Messages with one of these contacts, who must be of this kind. */
        void contacts(String parameter, ContactKind kind) {
            ids(parameter, "contact", new Compare("contact_kind", Op.EQ, new Literal.Text(kind.wireName()), -1, -1));
        }

        void startDate() {
            LocalDate date = date("filters-start_date");
            if (date != null) {
                filter("filters-start_date", new Compare("date_time", Op.GE, at(date), -1, -1));
                start = date;
            }
        }

        /** Inclusive: the whole of the end date counts. */
        void endDate() {
            LocalDate date = date("filters-end_date");
            if (date != null) {
                filter("filters-end_date", new Compare("date_time", Op.LT, at(date.plusDays(1)), -1, -1));
                end = date;
            }
        }

        /**
         * Compared at whole seconds, as modified is shown: after 10:00:05 means shown as 10:00:06 or later,
         * before 10:00:05 means shown as 10:00:04 or earlier.
         */
        void modified(String parameter, boolean after) {
            Instant at = dateTime(parameter);
            if (at != null) {
                filter(parameter, after ? new Compare("modified", Op.GE, new Literal.DateTime(at.plusSeconds(1)), -1, -1)
                        : new Compare("modified", Op.LT, new Literal.DateTime(at), -1, -1));
            }
        }

        /** Case-insensitive, over correspondent, destination and origin; the text is taken literally. */
        void keyword() {
            String q = single("filters-q");
            if (q == null) {
                return;
            }
            if (q.length() > MAX_Q_LENGTH) {
                problem("filters-q", "is longer than " + MAX_Q_LENGTH + " characters");
                return;
            }
            filter("filters-q", anyOf(List.of(new Expr.ContainsIgnoreCase("correspondent", q, -1),
                    new Expr.ContainsIgnoreCase("destination", q, -1), new Expr.ContainsIgnoreCase("origin", q, -1))));
        }

        private LocalDate date(String parameter) {
            String text = single(parameter);
            if (text == null) {
                return null;
            }
            try {
                if (text.length() == 10) {
                    return LocalDate.parse(text);
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            problem(parameter, "'" + text + "' is not a date; write YYYY-MM-DD");
            return null;
        }

        private Instant dateTime(String parameter) {
            String text = single(parameter);
            if (text == null) {
                return null;
            }
            Matcher parts = DATE_TIME.matcher(text);
            try {
                if (parts.matches()) {
                    LocalDateTime local = LocalDate.parse(parts.group(1))
                            .atTime(parts.group(2) == null ? java.time.LocalTime.MIDNIGHT : java.time.LocalTime.parse(parts.group(2)));
                    String offset = parts.group(3);
                    return offset == null ? local.toInstant(ZoneOffset.UTC)
                            : OffsetDateTime.of(local, ZoneOffset.of(offset.length() == 5 ? offset.substring(0, 3) + ":"
                                    + offset.substring(3) : offset)).toInstant().truncatedTo(ChronoUnit.SECONDS);
                }
            } catch (java.time.DateTimeException e) {
                // reported below
            }
            problem(parameter, "'" + text + "' is not a date/time; write YYYY-MM-DD HH:MM:SS (UTC)");
            return null;
        }

        private static Literal at(LocalDate date) {
            return new Literal.DateTime(date.atStartOfDay(ZoneOffset.UTC).toInstant());
        }

        /** "or" of the alternatives as a balanced tree, so that a long list does not make a deep one. */
        private static Expr anyOf(List<Expr> alternatives) {
            if (alternatives.size() == 1) {
                return alternatives.get(0);
            }
            int half = alternatives.size() / 2;
            return new Expr.Or(anyOf(alternatives.subList(0, half)), anyOf(alternatives.subList(half, alternatives.size())));
        }
    }
}
