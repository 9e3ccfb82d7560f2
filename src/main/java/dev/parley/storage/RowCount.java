package dev.parley.storage;

import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * How many rows a query keeps or skips, written into its SQL instead of bound. PostgreSQL plans a
 * {@code LIMIT $n} or {@code OFFSET $n} as if it kept a tenth of the rows, so a prepared statement's generic
 * plan looks dearer than it is, and the statement is planned anew on every execution: for a page of the
 * inbox, that planning cost as much as running it (docs/adr/0018-row-counts-in-the-sql.md). A page size or
 * offset is a number, never caller text, so writing it into the SQL is safe.
 */
public final class RowCount {

    private RowCount() {}

    /** {@code rows} as a literal, for {@code .limit(...)} and {@code .offset(...)}. */
    public static Field<Integer> of(int rows) {
        return DSL.inline(rows);
    }
}
