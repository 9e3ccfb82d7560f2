package dev.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.values;

import dev.parley.testing.ParleyIntegrationTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;

/** Queries rendered once and run with values by name, against the real database. */
@ParleyIntegrationTest
class RenderedQueryTest {

    private static final Field<Long> ID = field(name("t", "id"), Long.class);
    private static final Field<String> LABEL = field(name("t", "label"), String.class);
    private static final Field<Instant> AT = field(name("t", "at"), SqlTypes.INSTANT);
    // Values written into the SQL: a rendered query binds named params only.
    private static final Table<?> ROWS = values(
            DSL.row(inline(1L), inline("one"), inline(Instant.parse("2026-01-01T00:00:00Z"), SqlTypes.INSTANT)),
            DSL.row(inline(2L), inline("two"), inline(Instant.parse("2026-02-01T00:00:00Z"), SqlTypes.INSTANT)),
            DSL.row(inline(3L), inline(null, String.class), inline(Instant.parse("2026-03-01T00:00:00Z"), SqlTypes.INSTANT)))
            .as("t", "id", "label", "at");

    @Autowired
    DSLContext db;

    private Select<?> before(boolean withLabel) {
        return db.select(ID, LABEL, AT)
                .from(ROWS)
                .where(AT.lt(param("before", AT.getDataType())))
                .and(withLabel ? LABEL.eq(param("label", String.class)) : DSL.noCondition())
                .orderBy(ID);
    }

    @Test
    void valuesAreBoundByNameAndRowsReadThroughTheQuerysFields() {
        RenderedQuery query = RenderedQuery.of(before(true));

        assertThat(query.names()).containsExactly("before", "label");
        assertThat(query.sql()).contains("\"t\".\"label\" = ?");
        List<String> rows = query.fetch(db, Map.of("before", Instant.parse("2026-03-01T00:00:00Z"), "label", "two"),
                r -> r.get(ID) + " " + r.get(LABEL) + " " + r.get(AT));
        assertThat(rows).containsExactly("2 two 2026-02-01T00:00:00Z");

        RenderedQuery unlabelled = RenderedQuery.of(before(false));
        List<Long> ids = unlabelled.fetch(db, Map.of("before", Instant.parse("2026-12-01T00:00:00Z")), r -> r.get(ID));
        assertThat(ids).containsExactly(1L, 2L, 3L);
    }

    private static final Field<Integer> COUNT = field(name("t", "count"), Integer.class);
    private static final Field<Boolean> FLAG = field(name("t", "flag"), Boolean.class);
    private static final Field<String[]> TAGS = field(name("t", "tags"), String[].class);
    private static final Field<Long> N_ID = field(name("n", "id"), Long.class);
    private static final Field<String> N_TEXT = field(name("n", "text"), String.class);
    private static final Field<Integer> N_SIZE = field(name("n", "size"), Integer.class);
    private static final Field<Boolean> N_FLAG = field(name("n", "flag"), Boolean.class);
    private static final Field<Instant> N_AT = field(name("n", "at"), SqlTypes.INSTANT);
    private static final Field<java.math.BigDecimal> N_AMOUNT = field(name("n", "amount"), java.math.BigDecimal.class);

    /** Every type a rendered query reads, with nulls, an empty and a full multiset, as jOOQ reads them too. */
    private Select<?> everyType() {
        Table<?> rows = values(
                DSL.row(inline(1L), inline("one"), inline(Instant.parse("2026-01-01T10:11:12.345678Z"), SqlTypes.INSTANT),
                        inline(7), inline(true), DSL.array(inline("a"), inline("b c"))),
                DSL.row(inline(null, Long.class), inline(null, String.class), inline(null, SqlTypes.INSTANT),
                        inline(null, Integer.class), inline(null, Boolean.class), inline(null, String[].class)))
                .as("t", "id", "label", "at", "count", "flag", "tags");
        Table<?> nested = values(
                DSL.row(inline(1L), inline("x \"quoted\" é"), inline(3), inline(false),
                        inline(Instant.parse("2026-05-06T07:08:09.5Z"), SqlTypes.INSTANT), inline(new java.math.BigDecimal("12.50"))),
                DSL.row(inline(1L), inline(null, String.class), inline(null, Integer.class), inline(null, Boolean.class),
                        inline(null, SqlTypes.INSTANT), inline(null, java.math.BigDecimal.class)))
                .as("n", "id", "text", "size", "flag", "at", "amount");
        Field<List<String>> children = DSL.multiset(DSL.select(N_TEXT, N_SIZE, N_FLAG, N_AT, N_AMOUNT).from(nested)
                        .where(N_ID.eq(ID)).orderBy(N_TEXT.nullsLast()))
                .as("children").convertFrom(r -> r.map(c -> c.value1() + "|" + c.value2() + "|" + c.value3() + "|"
                        + c.value4() + "|" + c.value5()));
        return db.select(ID, LABEL, AT, COUNT, FLAG, TAGS, DSL.sum(COUNT).over().as("total"), children)
                .from(rows)
                .where(DSL.coalesce(ID, inline(0L)).lt(param("below", Long.class)))
                .orderBy(ID.nullsLast());
    }

    private static List<Object> everyValue(Row r, Select<?> query) {
        List<Object> values = new java.util.ArrayList<>();
        for (Field<?> f : query.getSelect()) {
            Object value = r.get(f);
            values.add(value instanceof String[] array ? List.of(array) : value);
        }
        return values;
    }

    @Test
    void rowsAreReadByPositionAsJooqReadsThem() {
        Select<?> query = everyType();
        RenderedQuery rendered = RenderedQuery.of(query);

        List<List<Object>> read = rendered.fetch(db, Map.of("below", 10L), r -> everyValue(r, query));
        query.bind("below", 10L);
        List<List<Object>> jooq = query.fetch(Row.mapping(r -> everyValue(r, query)));

        assertThat(read).hasSize(2).isEqualTo(jooq);
        assertThat(read.get(0)).containsExactly(1L, "one", Instant.parse("2026-01-01T10:11:12.345678Z"), 7, true,
                List.of("a", "b c"), new java.math.BigDecimal("7"),
                List.of("x \"quoted\" é|3|false|2026-05-06T07:08:09.500Z|12.50", "null|null|null|null|null"));
        assertThat(read.get(1)).containsExactly(null, null, null, null, null, null, new java.math.BigDecimal("7"), List.of());
    }

    @Test
    void fieldsReadInAnotherOrderThanSelectedAndReadAgainGiveTheirOwnColumns() {
        RenderedQuery query = RenderedQuery.of(before(false));

        assertThat(query.fetch(db, Map.of("before", Instant.parse("2026-02-02T00:00:00Z")),
                r -> List.of(r.get(LABEL), r.get(AT), r.get(ID), r.get(LABEL), r.get(ID), r.get(AT), r.get(ID))))
                .containsExactly(
                        List.of("one", Instant.parse("2026-01-01T00:00:00Z"), 1L, "one", 1L,
                                Instant.parse("2026-01-01T00:00:00Z"), 1L),
                        List.of("two", Instant.parse("2026-02-01T00:00:00Z"), 2L, "two", 2L,
                                Instant.parse("2026-02-01T00:00:00Z"), 2L));
    }

    @Test
    void aFieldIsFoundByAnEqualInstanceAndOneNotSelectedIsRefused() {
        RenderedQuery query = RenderedQuery.of(before(false));
        Field<String> sameLabel = field(name("t", "label"), String.class);

        assertThat(query.fetch(db, Map.of("before", Instant.parse("2026-01-02T00:00:00Z")), r -> r.get(sameLabel)))
                .containsExactly("one");
        assertThatThrownBy(() -> query.fetch(db, Map.of("before", Instant.parse("2026-01-02T00:00:00Z")), r -> r.get(COUNT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not selected");
    }

    @Test
    void aColumnOfATypeItDoesNotReadIsRefusedWhenRendered() {
        Select<?> dates = db.select(DSL.currentLocalDate()).from(ROWS).where(ID.eq(param("id", Long.class)));
        Select<?> converted = db.select(ID.convertFrom(String::valueOf)).from(ROWS).where(ID.eq(param("id", Long.class)));

        assertThatThrownBy(() -> RenderedQuery.of(dates)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not read");
        assertThatThrownBy(() -> RenderedQuery.of(converted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not read");
    }

    @Test
    void aListOfValuesIsBoundAsAnArrayWhateverItsLength() {
        RenderedQuery query = RenderedQuery.of(db.select(ID).from(ROWS)
                .where(ID.eq(DSL.any(param("ids", Long[].class))).or(LABEL.eq(DSL.any(param("labels", String[].class)))))
                .orderBy(ID));

        assertThat(query.sql()).contains("any (cast(? as bigint[]))").doesNotContain(" in (");
        assertThat(query.fetch(db, Map.of("ids", new Long[] {3L, 1L}, "labels", new String[0]), r -> r.get(ID)))
                .containsExactly(1L, 3L);
        assertThat(query.fetch(db, Map.of("ids", new Long[0], "labels", new String[] {"two", "none", "one"}), r -> r.get(ID)))
                .containsExactly(1L, 2L);
    }

    @Test
    void anAnyOfListIsPaddedWithItsLastValueToSixteenAndALongerOrEmptyOneIsLeftAsItIs() {
        Long[] padded = RenderedQuery.anyOf(List.of(4L, 9L), Long[]::new);
        assertThat(padded).hasSize(16).startsWith(4L, 9L).containsOnly(4L, 9L);
        assertThat(padded[15]).isEqualTo(9L);

        List<String> seventeen = java.util.stream.IntStream.range(0, 17).mapToObj(Integer::toString).toList();
        assertThat(RenderedQuery.anyOf(seventeen, String[]::new)).containsExactlyElementsOf(seventeen);
        assertThat(RenderedQuery.anyOf(List.<Long>of(), Long[]::new)).isEmpty();

        RenderedQuery query = RenderedQuery.of(db.select(ID).from(ROWS).where(ID.eq(DSL.any(param("ids", Long[].class))))
                .orderBy(ID));
        assertThat(query.fetch(db, Map.of("ids", padded), r -> r.get(ID))).isEmpty();
        assertThat(query.fetch(db, Map.of("ids", RenderedQuery.anyOf(List.of(3L, 1L), Long[]::new)), r -> r.get(ID)))
                .containsExactly(1L, 3L);
    }

    @Test
    void aNullValueIsBoundAsNull() {
        RenderedQuery query = RenderedQuery.of(before(true));
        Map<String, Object> values = new HashMap<>();
        values.put("before", Instant.parse("2026-12-01T00:00:00Z"));
        values.put("label", null);

        assertThat(query.fetch(db, values, r -> r.get(ID))).isEmpty();
    }

    @Test
    void aValueWithoutANameIsRefusedWhenRendered() {
        Select<?> unnamed = db.select(ID).from(ROWS).where(ID.eq(2L));
        assertThatThrownBy(() -> RenderedQuery.of(unnamed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("named param");

        Select<?> inlined = db.select(ID).from(ROWS).where(ID.eq(inline(2L)));
        assertThat(RenderedQuery.of(inlined).fetch(db, Map.of(), r -> r.get(ID))).containsExactly(2L);
    }

    @Test
    void aNameUsedInSeveralPlacesTakesItsOneValueInEach() {
        RenderedQuery query = RenderedQuery.of(db.select(ID).from(ROWS)
                .where(ID.ge(param("low", Long.class)).and(LABEL.eq(param("label", String.class)))
                        .or(ID.eq(param("low", Long.class).plus(inline(1L)))))
                .orderBy(ID));

        assertThat(query.names()).containsExactly("low", "label");
        assertThat(query.fetch(db, Map.of("low", 1L, "label", "two"), r -> r.get(ID))).containsExactly(2L);
        assertThat(query.fetch(db, Map.of("low", 2L, "label", "one"), r -> r.get(ID))).containsExactly(3L);
    }

    /** A statement that writes and then selects, as Parley records a message, with its columns declared. */
    @Test
    void aWritingStatementIsRunWithItsValuesAndAUniqueViolationIsADuplicateKey() {
        db.execute("drop table if exists rendered_write");
        db.execute("create table rendered_write (id bigint primary key, label text)");
        Field<Long> written = field(name("id"), Long.class);
        RenderedQuery insert = RenderedQuery.of(db.resultQuery("""
                with added as (insert into rendered_write (id, label) values ({0}, {1}) returning id)
                select id from added union all select {0} + 1000""",
                param("id", Long.class), param("label", String.class)).coerce(written));

        assertThat(insert.fetch(db, Map.of("id", 7L, "label", "seven"), r -> r.get(written))).containsExactly(7L, 1007L);
        assertThat(db.fetchValue("select label from rendered_write where id = 7")).isEqualTo("seven");
        assertThatThrownBy(() -> insert.fetch(db, Map.of("id", 7L, "label", "again"), r -> r.get(written)))
                .isInstanceOf(DuplicateKeyException.class);

        RenderedQuery relabel = RenderedQuery.of(db.update(table(name("rendered_write")))
                .set(field(name("label"), String.class), param("label", String.class))
                .where(written.ge(param("from", Long.class))));
        assertThat(relabel.execute(db, Map.of("label", "changed", "from", 0L))).isEqualTo(1);
        assertThat(db.fetchValue("select label from rendered_write where id = 7")).isEqualTo("changed");
        assertThatThrownBy(() -> relabel.fetch(db, Map.of("label", "x", "from", 0L), r -> r))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("execute it");
        db.execute("drop table rendered_write");
    }

    /** Built without Parley's DSLContext, a query renders for no dialect in particular (LIMIT, not FETCH NEXT). */
    @Test
    void aQueryNotBuiltFromTheApplicationsDslContextIsRefused() {
        Select<?> detached = DSL.select(ID).from(ROWS).where(ID.eq(param("id", Long.class))).limit(inline(1));
        assertThatThrownBy(() -> RenderedQuery.of(detached)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DSLContext");
    }

    @Test
    void datesAndDecimalsAreBound() {
        RenderedQuery query = RenderedQuery.of(db.select(ID).from(ROWS)
                .where(DSL.cast(AT, java.time.LocalDate.class).ge(param("from", java.time.LocalDate.class)))
                .and(ID.cast(java.math.BigDecimal.class).lt(param("below", java.math.BigDecimal.class)))
                .orderBy(ID));

        Map<String, Object> values = Map.of("from", java.time.LocalDate.of(2026, 2, 1),
                "below", new java.math.BigDecimal("2.5"));
        assertThat(query.fetch(db, values, r -> r.get(ID))).containsExactly(2L);
    }

    @Test
    void aMissingValueOrOneOfTheWrongTypeIsRefusedBeforeAnythingRuns() {
        RenderedQuery query = RenderedQuery.of(before(true));

        assertThatThrownBy(() -> query.fetch(db, Map.of("before", Instant.now()), r -> r.get(ID)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No value for 'label'");
        assertThatThrownBy(() -> query.fetch(db, Map.of("before", "yesterday", "label", "one"), r -> r.get(ID)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'before' takes a Instant");
    }

    @Test
    void eachShapeIsRenderedTheFirstTimeItIsAskedForAndTheCacheStartsOverWhenFull() {
        AtomicInteger built = new AtomicInteger();
        RenderedQuery.Shapes<Boolean> shapes = new RenderedQuery.Shapes<>(1, withLabel -> {
            built.incrementAndGet();
            return before(withLabel);
        });

        RenderedQuery first = shapes.get(true);
        assertThat(shapes.get(true)).isSameAs(first);
        assertThat(built).hasValue(1);

        assertThat(shapes.get(false).names()).containsExactly("before");
        assertThat(built).hasValue(2);
        assertThat(shapes.get(true)).isNotSameAs(first);
        assertThat(built).hasValue(3);
    }
}
