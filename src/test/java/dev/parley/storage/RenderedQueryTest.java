package dev.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
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

    @Test
    void aNullValueIsBoundAsNull() {
        RenderedQuery query = RenderedQuery.of(before(true));
        Map<String, Object> values = new HashMap<>();
        values.put("before", Instant.parse("2026-12-01T00:00:00Z"));
        values.put("label", null);

        assertThat(query.fetch(db, values, r -> r.get(ID))).isEmpty();
    }

    @Test
    void aValueWithoutANameOrANameUsedTwiceIsRefusedWhenRendered() {
        Select<?> unnamed = db.select(ID).from(ROWS).where(ID.eq(2L));
        assertThatThrownBy(() -> RenderedQuery.of(unnamed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("named param");

        Select<?> twice = db.select(ID).from(ROWS)
                .where(ID.eq(param("id", Long.class)).or(ID.gt(param("id", Long.class))));
        assertThatThrownBy(() -> RenderedQuery.of(twice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("appear once");

        Select<?> inlined = db.select(ID).from(ROWS).where(ID.eq(inline(2L)));
        assertThat(RenderedQuery.of(inlined).fetch(db, Map.of(), r -> r.get(ID))).containsExactly(2L);
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
