package dev.parley.dialects.carehq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import dev.parley.testing.SharedApplication;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.jooq.DSLContext;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Walking every page of {@code GET /v1/messages}, for any multi-field {@code sort_by} and page size, returns
 * every message exactly once, in the order an evaluation written here gives (the fields in turn, then the id
 * in the last field's direction), and the totals agree with the walk.
 */
class CareHqPagingProperties {

    private static final Instant BASE = Instant.parse("2024-10-03T08:00:00Z");

    /** A message's three times, few enough apart that ties are common; microseconds apart within a second. */
    record Times(int occurred, int created, int modified) {}

    /** One field of {@code sort_by}. */
    record SortKey(String field, boolean descending) {
        String wire() {
            return (descending ? "-" : "") + field;
        }
    }

    @Provide
    Arbitrary<Times> times() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 5);
        return Combinators.combine(at, at, at).as(Times::new);
    }

    @Provide
    Arbitrary<SortKey> sortKeys() {
        return Combinators.combine(Arbitraries.of(MessageQuery.SORTABLE), Arbitraries.of(true, false)).as(SortKey::new);
    }

    @Property(tries = 25)
    void everyPageWalkReturnsEveryMessageOnceInTheOrderAsked(
            @ForAll @Size(max = 25) List<@From("times") Times> messages,
            @ForAll @Size(min = 1, max = 3) @UniqueElements(by = SortKeyField.class) List<@From("sortKeys") SortKey> sort,
            @ForAll @IntRange(min = 1, max = 7) int perPage) {
        TenantId tenant = SharedApplication.bean(Tenants.class).create("Pages", "pages-" + System.nanoTime(), "UTC", "GB").id();
        Location home = SharedApplication.bean(Locations.class).create(tenant,
                new Locations.NewLocation("Home", null, null, TestTenant.uniqueNumber(), null, null));
        Conversations conversations = SharedApplication.bean(Conversations.class);
        DSLContext db = SharedApplication.bean(DSLContext.class);
        List<Stored> stored = new ArrayList<>();
        for (Times t : messages) {
            Instant occurred = at(t.occurred());
            long id = conversations.record(tenant, new NewMessage(home.id(), Channel.SMS, Direction.INBOUND,
                    TestTenant.uniqueNumber(), home.smsNumber(), null, false, "hi", null, MessageStatus.RECEIVED, occurred,
                    null, null, "test", null, List.of())).id();
            Instant created = at(t.created());
            Instant modified = at(t.modified());
            db.execute("update message set created_at = ?::timestamptz, updated_at = ?::timestamptz"
                    + " where tenant_id = ? and message_id = ?", created.toString(), modified.toString(), tenant.value(), id);
            stored.add(new Stored(id, occurred, created, modified));
        }

        CareHqMessages carehq = SharedApplication.bean(CareHqMessages.class);
        List<String> walked = new ArrayList<>();
        Map<String, Object> first = carehq.list(tenant, parameters(sort, perPage, 1));
        long pages = ((Number) first.get("page_count")).longValue();
        for (int page = 1; page <= pages + 1; page++) {
            List<?> items = (List<?>) carehq.list(tenant, parameters(sort, perPage, page)).get("items");
            assertThat(items.size()).as("page %d of %d", page, pages).isLessThanOrEqualTo(perPage);
            items.forEach(item -> walked.add((String) ((Map<?, ?>) item).get("_id")));
        }

        assertThat(first.get("item_count")).isEqualTo((long) messages.size());
        assertThat(pages).isEqualTo((messages.size() + perPage - 1) / perPage);
        assertThat(walked).as(sort.toString()).containsExactlyElementsOf(
                stored.stream().sorted(order(sort)).map(s -> CareHqFixture.hex(s.id())).toList());
    }

    /** A stored message's sortable values. */
    private record Stored(long id, Instant occurred, Instant created, Instant modified) {}

    /** jqwik's uniqueness key: a field is sorted by once. */
    static final class SortKeyField implements Function<SortKey, String> {
        @Override
        public String apply(SortKey key) {
            return key.field();
        }
    }

    private static Comparator<Stored> order(List<SortKey> sort) {
        Comparator<Stored> order = null;
        for (SortKey key : sort) {
            Comparator<Stored> next = switch (key.field()) {
                case "_id" -> Comparator.comparingLong(Stored::id);
                case "created" -> Comparator.comparing(Stored::created);
                case "modified" -> Comparator.comparing(Stored::modified);
                default -> Comparator.comparing(Stored::occurred);
            };
            next = key.descending() ? next.reversed() : next;
            order = order == null ? next : order.thenComparing(next);
        }
        Comparator<Stored> byId = Comparator.comparingLong(Stored::id);
        return order.thenComparing(sort.get(sort.size() - 1).descending() ? byId.reversed() : byId);
    }

    private static MultiValueMap<String, String> parameters(List<SortKey> sort, int perPage, int page) {
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        sort.forEach(key -> parameters.add("sort_by", key.wire()));
        parameters.add("per_page", Integer.toString(perPage));
        parameters.add("page", Integer.toString(page));
        return parameters;
    }

    /** Half-second steps, with a microsecond part, so that some values tie and some differ within a second. */
    private static Instant at(int step) {
        return BASE.plusMillis(step * 500L).plusNanos((step % 3) * 1_000L);
    }
}
