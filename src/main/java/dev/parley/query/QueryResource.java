package dev.parley.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The properties a resource may be filtered and ordered by, each an SQL expression chosen by the code that
 * owns it: the allow-list that turns a neutral {@link Expr} into a jOOQ {@link Condition}. Names are matched
 * without regard to case; values become bound parameters; every type is checked before any SQL is made.
 */
public final class QueryResource {

    /** The type a property has on the wire. */
    public enum Type { STRING, DATETIME, NUMBER, BOOLEAN }

    /**
     * One filterable, sortable property. A text property derived from other columns (a status made of two
     * columns, say) may give {@code cases}: for each value it can take, a condition over those columns that
     * holds exactly when the property has that value and is never null. {@code eq} and {@code ne} with one of
     * these values then use the condition (or its negation), which an index on the columns can serve, where a
     * comparison of the derived expression could not.
     */
    public record Property(String name, Type type, Field<?> field, Map<String, Condition> cases) {
        public Property {
            cases = Map.copyOf(cases);
            if (!cases.isEmpty() && type != Type.STRING) {
                throw new IllegalArgumentException(name + ": only a text property has cases");
            }
        }

        public Property(String name, Type type, Field<?> field) {
            this(name, type, field, Map.of());
        }
    }

    private final Map<String, Property> properties = new LinkedHashMap<>();

    private static final char LIKE_ESCAPE = '!';

    public QueryResource(List<Property> properties) {
        properties.forEach(p -> this.properties.put(p.name().toLowerCase(Locale.ROOT), p));
    }

    /**
     * A filter as a condition whose every value is a named parameter ({@code filter_1}, {@code filter_2}, ...), the
     * values by those names, and the filter's shape: filters of one shape make the same SQL whatever their values,
     * so a query built with the condition can be rendered once per shape and run with each filter's values.
     */
    public static final class BoundFilter {
        public static final BoundFilter NONE = new BoundFilter("", DSL.noCondition(), Map.of());

        private final String shape;
        private final Map<String, Object> values;
        private final Supplier<Condition> build;
        /** The properties the filter bounds (gt, ge, lt, le), and whether it matches text against a pattern. */
        private final Set<String> bounded;
        private final boolean matchesPatterns;
        private Condition condition;

        /** A filter made elsewhere, whose values (if any) are compared for equality only. */
        public BoundFilter(String shape, Condition condition, Map<String, Object> values) {
            this(shape, values, () -> condition, Set.of(), false);
        }

        private BoundFilter(String shape, Map<String, Object> values, Supplier<Condition> build, Set<String> bounded,
                boolean matchesPatterns) {
            this.shape = shape;
            this.values = Map.copyOf(values);
            this.build = build;
            this.bounded = Set.copyOf(bounded);
            this.matchesPatterns = matchesPatterns;
        }

        /**
         * Whether one plan serves the filter equally well whatever its values, in an order led by
         * {@code leadingProperty} (null for a statement without an order, such as a count): it compares values
         * only for equality, except for bounds on that property, from which the index serving the order is read.
         * A bound on another property, or a text pattern, makes the best plan depend on the value: {@code modified
         * >= } a minute ago is a few rows of the modified index, a year ago most of the history. ADR 0036.
         */
        public boolean plannedAlikeForAnyValues(String leadingProperty) {
            return !matchesPatterns && bounded.stream().allMatch(p -> p.equalsIgnoreCase(leadingProperty));
        }

        public String shape() {
            return shape;
        }

        public Map<String, Object> values() {
            return values;
        }

        /**
         * The condition, built when first asked for: only the first filter of a shape is rendered, so the jOOQ
         * objects of the others (7% of a MedChat request's CPU) are never built.
         */
        public Condition condition() {
            if (condition == null) {
                condition = build.get();
            }
            return condition;
        }
    }

    /** An order as SQL, and its shape: orders of one shape make the same SQL. */
    public record Ordering(String shape, List<SortField<?>> fields) {
        public Ordering {
            fields = List.copyOf(fields);
        }
    }

    /** The filter through the allow-list, its values bound by name; {@link BoundFilter#NONE} when it is null. */
    public BoundFilter bind(Expr expr) {
        if (expr == null) {
            return BoundFilter.NONE;
        }
        Binder checked = new Binder(false);
        checked.condition(expr);
        return new BoundFilter(checked.shape.toString(), checked.values, () -> new Binder(true).condition(expr),
                checked.bounded, checked.matchesPatterns);
    }

    /**
     * Turns an expression into a condition, naming each value it binds and writing down the shape it has; or,
     * not {@code building}, only checks it, names its values and writes down its shape (its conditions are null).
     */
    private final class Binder {
        private final StringBuilder shape = new StringBuilder();
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Set<String> bounded = new HashSet<>();
        private boolean matchesPatterns;
        private final boolean building;

        Binder(boolean building) {
            this.building = building;
        }

        Condition condition(Expr expr) {
            if (expr instanceof Expr.And and) {
                return joined(and.left(), " and ", and.right(), Condition::and);
            }
            if (expr instanceof Expr.Or or) {
                return joined(or.left(), " or ", or.right(), Condition::or);
            }
            if (expr instanceof Expr.StartsWith starts) {
                Field<String> text = text(starts.property(), starts.propertyAt(), "startswith");
                Field<String> pattern = next(literally(starts.prefix()) + "%");
                return building ? text.like(pattern, LIKE_ESCAPE) : null;
            }
            if (expr instanceof Expr.EndsWith ends) {
                Field<String> text = text(ends.property(), ends.propertyAt(), "endswith");
                Field<String> pattern = next("%" + literally(ends.suffix()));
                return building ? text.like(pattern, LIKE_ESCAPE) : null;
            }
            if (expr instanceof Expr.ContainsIgnoreCase contains) {
                Field<String> text = text(contains.property(), contains.propertyAt(), "contains");
                Field<String> pattern = next("%" + literally(contains.text()) + "%");
                return building ? text.likeIgnoreCase(pattern, LIKE_ESCAPE) : null;
            }
            return compare((Expr.Compare) expr);
        }

        private Condition joined(Expr left, String word, Expr right, BinaryOperator<Condition> join) {
            shape.append('(');
            Condition first = condition(left);
            shape.append(word);
            Condition second = condition(right);
            shape.append(')');
            return building ? join.apply(first, second) : null;
        }

        @SuppressWarnings("unchecked")
        private Field<String> text(String name, int position, String function) {
            Property property = property("$filter", name, position);
            if (property.type() != Type.STRING) {
                throw new QueryError("$filter", name, position, function + " needs a text property, and "
                        + property.name() + " is a " + property.type().name().toLowerCase(Locale.ROOT));
            }
            shape.append(function).append('(').append(property.name()).append(')');
            matchesPatterns = true;
            return (Field<String>) property.field();
        }

        @SuppressWarnings("unchecked")
        private Condition compare(Expr.Compare compare) {
            Property property = property("$filter", compare.property(), compare.propertyAt());
            Field<Object> field = (Field<Object>) property.field();
            shape.append(property.name()).append(' ').append(compare.op()).append(' ');
            if (compare.value() instanceof Expr.Literal.Null) {
                shape.append("null");
                if (compare.op() != Expr.Op.EQ && compare.op() != Expr.Op.NE) {
                    throw new QueryError("$filter", "null", compare.valueAt(), "can only be compared with eq or ne");
                }
                return !building ? null : compare.op() == Expr.Op.EQ ? field.isNull() : field.isNotNull();
            }
            Object value = value(property, compare);
            Condition known = property.cases().get(value);
            if (known != null && (compare.op() == Expr.Op.EQ || compare.op() == Expr.Op.NE)) {
                shape.append("case '").append(value).append('\'');
                return !building ? null : compare.op() == Expr.Op.EQ ? known : known.not();
            }
            Field<Object> bound = next(value, field.getDataType());
            if (compare.op() != Expr.Op.EQ && compare.op() != Expr.Op.NE) {
                bounded.add(property.name());
            }
            if (!building) {
                return null;
            }
            return switch (compare.op()) {
                case EQ -> field.eq(bound);
                case NE -> field.isDistinctFrom(bound);
                case GT -> field.gt(bound);
                case GE -> field.ge(bound);
                case LT -> field.lt(bound);
                case LE -> field.le(bound);
            };
        }

        /** The text as a LIKE pattern that matches it and nothing else: its wildcards and the escape escaped. */
        private static String literally(String text) {
            StringBuilder pattern = new StringBuilder(text.length() + 8);
            for (char c : text.toCharArray()) {
                if (c == LIKE_ESCAPE || c == '%' || c == '_') {
                    pattern.append(LIKE_ESCAPE);
                }
                pattern.append(c);
            }
            return pattern.toString();
        }

        private Field<String> next(String text) {
            return next(text, SQLDataType.VARCHAR);
        }

        private <T> Field<T> next(T value, DataType<T> type) {
            String name = "filter_" + (values.size() + 1);
            values.put(name, value);
            shape.append('?');
            return building ? DSL.param(name, type) : null;
        }
    }

    /** An OData order through the allow-list: nulls sort as the smallest value. */
    public Ordering orderBy(List<OrderItem> items) {
        List<SortField<?>> sort = new ArrayList<>();
        StringBuilder shape = new StringBuilder();
        for (OrderItem item : items) {
            Property property = property("$orderby", item.property(), item.position());
            Field<?> field = property.field();
            sort.add(item.descending() ? field.desc().nullsLast() : field.asc().nullsFirst());
            shape.append(property.name()).append(item.descending() ? " desc," : " asc,");
        }
        return new Ordering(shape.toString(), sort);
    }

    /** The property by its name in any case, or a {@link QueryError} naming the properties there are. */
    public Property property(String parameter, String name, int position) {
        Property property = properties.get(name.toLowerCase(Locale.ROOT));
        if (property == null) {
            throw new QueryError(parameter, name, position, "is not a property; the properties are "
                    + String.join(", ", properties.values().stream().map(Property::name).toList()));
        }
        return property;
    }

    private Object value(Property property, Expr.Compare compare) {
        Expr.Literal literal = compare.value();
        switch (property.type()) {
            case STRING -> {
                if (literal instanceof Expr.Literal.Text text) {
                    return text.value();
                }
            }
            case DATETIME -> {
                if (literal instanceof Expr.Literal.DateTime dateTime) {
                    return dateTime.value();
                }
            }
            case NUMBER -> {
                if (literal instanceof Expr.Literal.Number number) {
                    return number(property, number.value(), compare.valueAt());
                }
            }
            case BOOLEAN -> {
                if (literal instanceof Expr.Literal.Bool bool) {
                    if (compare.op() != Expr.Op.EQ && compare.op() != Expr.Op.NE) {
                        throw new QueryError("$filter", Boolean.toString(bool.value()), compare.valueAt(),
                                "a boolean can only be compared with eq or ne");
                    }
                    return bool.value();
                }
            }
        }
        throw new QueryError("$filter", describe(literal), compare.valueAt(), "is not a " + expected(property.type())
                + ", which " + property.name() + " is");
    }

    private static Object number(Property property, BigDecimal value, int position) {
        Class<?> type = property.field().getType();
        if (type == Long.class || type == Integer.class) {
            try {
                long whole = value.longValueExact();
                return type == Integer.class ? (Object) Math.toIntExact(whole) : whole;
            } catch (ArithmeticException e) {
                throw new QueryError("$filter", value.toPlainString(), position, "is not a whole number in range, which "
                        + property.name() + " needs");
            }
        }
        return value;
    }

    private static String expected(Type type) {
        return switch (type) {
            case STRING -> "string in single quotes";
            case DATETIME -> "datetime such as 2022-10-25T21:00:00Z";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean (true or false)";
        };
    }

    private static String describe(Expr.Literal literal) {
        if (literal instanceof Expr.Literal.Text text) {
            return "'" + text.value() + "'";
        }
        if (literal instanceof Expr.Literal.Number number) {
            return number.value().toPlainString();
        }
        if (literal instanceof Expr.Literal.DateTime dateTime) {
            return dateTime.value().toString();
        }
        return literal instanceof Expr.Literal.Bool bool ? Boolean.toString(bool.value()) : "null";
    }
}
