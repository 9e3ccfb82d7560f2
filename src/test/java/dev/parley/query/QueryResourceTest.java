package dev.parley.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.query.QueryResource.Property;
import dev.parley.query.QueryResource.Type;
import java.util.List;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The case-insensitive substring keyword filters use: a bound value, no wildcards, only on text. */
class QueryResourceTest {

    private static final Field<String> NAME = DSL.field(DSL.name("t", "name"), String.class);
    private static final QueryResource RESOURCE = new QueryResource(List.of(
            new Property("name", Type.STRING, NAME),
            new Property("size", Type.NUMBER, DSL.field(DSL.name("t", "size"), Long.class))));

    @Test
    void containsIgnoringCaseIsABoundPatternWithItsWildcardsEscaped() {
        QueryResource.BoundFilter filter = RESOURCE.bind(new Expr.ContainsIgnoreCase("NAME", "50%_off", 0));
        Query query = DSL.using(SQLDialect.POSTGRES).selectOne().where(filter.condition());

        // The wildcards are escaped in the bound pattern, which is all the SQL binds: "name" ilike ? escape '!'
        assertThat(query.getSQL()).contains("\"t\".\"name\" ilike ? escape '!'").doesNotContain("50");
        assertThat(query.getBindValues()).hasSize(1);
        assertThat(filter.values()).containsExactly(java.util.Map.entry("filter_1", "%50!%!_off%"));
    }

    @Test
    void containsIgnoringCaseNeedsAText() {
        assertThatThrownBy(() -> RESOURCE.bind(new Expr.ContainsIgnoreCase("size", "1", 3)))
                .isInstanceOf(QueryError.class).hasMessageContaining("text property");
    }

    /**
     * A filter is checked, its values named and its shape written when it is bound; its condition, with the same
     * names, only when asked for (only the first filter of a shape is rendered).
     */
    @Test
    void aFilterIsCheckedWhenBoundAndItsConditionBuiltWithTheSameNamesWhenAskedFor() {
        Expr filter = new Expr.And(new Expr.Compare("size", Expr.Op.GE, new Expr.Literal.Number(java.math.BigDecimal.TEN), 0, 8),
                new Expr.StartsWith("name", "Re", 13));
        assertThatThrownBy(() -> RESOURCE.bind(new Expr.And(filter, new Expr.Compare("colour", Expr.Op.EQ,
                new Expr.Literal.Text("red"), 30, 40)))).isInstanceOf(QueryError.class).hasMessageContaining("colour");

        QueryResource.BoundFilter bound = RESOURCE.bind(filter);

        assertThat(bound.shape()).isEqualTo("(size GE ? and startswith(name)?)");
        assertThat(bound.values()).containsOnlyKeys("filter_1", "filter_2").containsEntry("filter_2", "Re%");
        String sql = DSL.using(SQLDialect.POSTGRES).renderNamedParams(DSL.selectOne().where(bound.condition()));
        assertThat(sql).contains("\"t\".\"size\" >= :filter_1").contains("\"t\".\"name\" like :filter_2 escape '!'");
        assertThat(bound.condition()).isSameAs(bound.condition());
    }

    /**
     * One plan serves a filter whatever its values when it compares them for equality only, or bounds only the
     * property its order begins with (ADR 0036); a bound on another property, or a pattern, does not.
     */
    @Test
    void aFilterIsPlannedAlikeForAnyValuesOnlyWhenItsValuesCannotChooseTheIndex() {
        Expr.Literal ten = new Expr.Literal.Number(java.math.BigDecimal.TEN);
        Expr sizeTen = new Expr.Compare("size", Expr.Op.EQ, ten, 0, 8);
        Expr sizeFromTen = new Expr.Compare("size", Expr.Op.GE, ten, 0, 8);
        Expr named = new Expr.Compare("name", Expr.Op.NE, new Expr.Literal.Text("Rex"), 0, 8);

        assertThat(RESOURCE.bind(new Expr.And(sizeTen, named)).plannedAlikeForAnyValues(null)).isTrue();
        assertThat(RESOURCE.bind(new Expr.And(sizeFromTen, named)).plannedAlikeForAnyValues("SIZE")).isTrue();
        assertThat(RESOURCE.bind(new Expr.And(sizeFromTen, named)).plannedAlikeForAnyValues("name")).isFalse();
        assertThat(RESOURCE.bind(sizeFromTen).plannedAlikeForAnyValues(null)).isFalse();
        assertThat(RESOURCE.bind(new Expr.StartsWith("name", "Re", 13)).plannedAlikeForAnyValues("name")).isFalse();
        assertThat(QueryResource.BoundFilter.NONE.plannedAlikeForAnyValues(null)).isTrue();
    }
}
