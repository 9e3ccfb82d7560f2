package dev.parley.storage;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.Converter;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a {@link RenderedQuery} reads its rows: each column by position, straight from the driver into the Java type
 * of the field that selected it. jOOQ's records look up each value's binding and converter as they load it, which
 * was a quarter of a conversation-list request's CPU. Only the types Parley selects are read (text, integers,
 * booleans, decimals, text arrays, {@link SqlTypes#INSTANT} and multisets of those); a query selecting any other
 * is refused when it is rendered rather than read some other way than jOOQ would read it.
 */
final class ResultColumns {

    /** Decimals as written (12.50 stays 12.50, as jOOQ reads it), not through a double. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    /** Builds the records a multiset's converter takes; it never touches a database. */
    private static final DSLContext RECORDS = DSL.using(SQLDialect.POSTGRES);

    private final Field<?>[] fields;
    private final Column[] columns;
    private final Map<Field<?>, Integer> positions = new IdentityHashMap<>();

    private ResultColumns(Field<?>[] fields) {
        this.fields = fields.clone();
        this.columns = new Column[fields.length];
        for (int i = 0; i < fields.length; i++) {
            columns[i] = columnOf(fields[i]);
            positions.putIfAbsent(fields[i], i);
        }
    }

    /** The readers of a result whose columns are these fields, in order; refused for a type it cannot read. */
    static ResultColumns of(Field<?>[] fields) {
        return new ResultColumns(fields);
    }

    /** Reads every row of {@code rows} and maps it. */
    <T> List<T> read(ResultSet rows, Function<? super Row, T> mapper) throws SQLException {
        List<T> mapped = new ArrayList<>();
        while (rows.next()) {
            Object[] values = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) {
                values[i] = columns[i].read(rows, i + 1);
            }
            mapped.add(mapper.apply(new ReadRow(values)));
        }
        return mapped;
    }

    private int position(Field<?> field) {
        Integer position = positions.get(field);
        if (position != null) {
            return position;
        }
        // Another instance of a selected field (the same qualified name) reads the same column, as in a jOOQ record.
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].equals(field)) {
                return i;
            }
        }
        throw new IllegalArgumentException(field + " is not selected by this query");
    }

    private final class ReadRow implements Row {

        private final Object[] values;
        /** Where the next field asked for is looked for first: mappers read a row mostly in its selected order. */
        private int next;

        ReadRow(Object[] values) {
            this.values = values;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get(Field<T> field) {
            int at = next < fields.length && fields[next] == field ? next : position(field);
            next = at + 1;
            return (T) values[at];
        }
    }

    @FunctionalInterface
    private interface Column {
        Object read(ResultSet rows, int index) throws SQLException;
    }

    private static Column columnOf(Field<?> field) {
        DataType<?> type = field.getDataType();
        if (type.isMultiset()) {
            return multiset(field);
        }
        if (type.getBinding() == SqlTypes.INSTANT.getBinding()) {
            return (rows, index) -> {
                OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
                return value == null ? null : value.toInstant();
            };
        }
        Converter<?, ?> converter = type.getConverter();
        if (converter.fromType() != converter.toType()) {
            throw unreadable(field);
        }
        Class<?> javaType = type.getType();
        if (javaType == String.class) {
            return ResultSet::getString;
        }
        if (javaType == Long.class) {
            return (rows, index) -> {
                long value = rows.getLong(index);
                return rows.wasNull() ? null : value;
            };
        }
        if (javaType == Integer.class) {
            return (rows, index) -> {
                int value = rows.getInt(index);
                return rows.wasNull() ? null : value;
            };
        }
        if (javaType == Boolean.class) {
            return (rows, index) -> {
                boolean value = rows.getBoolean(index);
                return rows.wasNull() ? null : value;
            };
        }
        if (javaType == BigDecimal.class) {
            return ResultSet::getBigDecimal;
        }
        if (javaType == String[].class) {
            return (rows, index) -> {
                Array value = rows.getArray(index);
                return value == null ? null : (String[]) value.getArray();
            };
        }
        throw unreadable(field);
    }

    private static IllegalArgumentException unreadable(Field<?> field) {
        return new IllegalArgumentException("A rendered query does not read " + field + " of type "
                + field.getDataType().getType().getName() + "; read it with jOOQ, or teach ResultColumns the type");
    }

    /**
     * A multiset, as jOOQ selects it from PostgreSQL: a JSON array of rows, each an array of its values. They become
     * the records jOOQ would have made, which the field's own converter (its {@code convertFrom}) then maps.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Column multiset(Field<?> field) {
        Field<?>[] nested = field.getDataType().getRow().fields();
        Function<JsonNode, Object>[] values = new Function[nested.length];
        for (int i = 0; i < nested.length; i++) {
            values[i] = jsonValueOf(field, nested[i]);
        }
        Converter converter = field.getDataType().getConverter();
        // Most multisets of a page are empty (a message's attachments): a converter that maps the records to values of
        // its own is given one empty result, made once, rather than a new one per row. One that passes the result on
        // gets a new one, which is the caller's to keep.
        Result<Record> none = converter.fromType() != converter.toType() ? RECORDS.newResult(nested) : null;
        return (rows, index) -> {
            String json = rows.getString(index);
            if (json == null) {
                return null;
            }
            if (none != null && json.equals("[]")) {
                return converter.from(none);
            }
            Result<Record> result = RECORDS.newResult(nested);
            for (JsonNode element : json.equals("[]") ? List.<JsonNode>of() : JSON.readTree(json)) {
                Object[] row = new Object[nested.length];
                for (int i = 0; i < nested.length; i++) {
                    row[i] = values[i].apply(element.get(i));
                }
                Record record = RECORDS.newRecord(nested);
                record.fromArray(row);
                record.changed(false);
                result.add(record);
            }
            return converter.from(result);
        };
    }

    private static Function<JsonNode, Object> jsonValueOf(Field<?> multiset, Field<?> nested) {
        DataType<?> type = nested.getDataType();
        Function<JsonNode, Object> value;
        if (type.getBinding() == SqlTypes.INSTANT.getBinding()) {
            value = node -> OffsetDateTime.parse(node.asString()).toInstant();
        } else if (type.getConverter().fromType() != type.getConverter().toType()) {
            throw unreadable(multiset);
        } else if (type.getType() == String.class) {
            value = JsonNode::asString;
        } else if (type.getType() == Long.class) {
            value = JsonNode::longValue;
        } else if (type.getType() == Integer.class) {
            value = JsonNode::intValue;
        } else if (type.getType() == Boolean.class) {
            value = JsonNode::booleanValue;
        } else if (type.getType() == BigDecimal.class) {
            value = JsonNode::decimalValue;
        } else {
            throw unreadable(multiset);
        }
        return node -> node == null || node.isNull() ? null : value.apply(node);
    }
}
