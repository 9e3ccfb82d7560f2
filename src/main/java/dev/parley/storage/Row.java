package dev.parley.storage;

import java.util.function.Function;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.RecordMapper;

/**
 * One row of a result, its values found by the fields that selected them: what Parley's mappers read, so that one
 * mapper serves a jOOQ fetch and a {@link RenderedQuery}, which reads its rows without making jOOQ records.
 */
public interface Row {

    /** The value the query selected with {@code field}; refused when the query did not select it. */
    <T> T get(Field<T> field);

    /** A jOOQ record as a row. */
    static Row of(Record record) {
        return new Row() {
            @Override
            public <T> T get(Field<T> field) {
                return record.get(field);
            }
        };
    }

    /** A mapper of rows as jOOQ's fetch methods take it. */
    static <T> RecordMapper<Record, T> mapping(Function<? super Row, T> mapper) {
        return record -> mapper.apply(of(record));
    }
}
