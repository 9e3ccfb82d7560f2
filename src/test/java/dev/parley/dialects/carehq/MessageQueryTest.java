package dev.parley.dialects.carehq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.conversations.Channel;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageDays;
import dev.parley.query.OrderItem;
import dev.parley.tenancy.InvalidInput;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The list parameters as read: defaults, the problems named all at once, and filters that stay bound values. */
class MessageQueryTest {

    @Test
    void withoutParametersItIsTheFirstTenByIdShowingOnlyIds() {
        MessageQuery query = MessageQuery.parse(new LinkedMultiValueMap<>());

        assertThat(query.page()).isEqualTo(1);
        assertThat(query.perPage()).isEqualTo(10);
        assertThat(query.offset()).isZero();
        assertThat(query.attributes()).containsExactly("_id");
        assertThat(query.sort()).containsExactly(new OrderItem("_id", false, -1));
        assertThat(query.filter()).isNull();
        assertThat(sql(query)).doesNotContain("where");
    }

    @Test
    void callerTextNeverBecomesSql() {
        String sneaky = "x'); drop table message; --";
        MessageQuery query = MessageQuery.parse(params("filters-q", sneaky, "filters-channel", "sms",
                "filters-ids", "000000000000000000000007", "filters-start_date", "2024-10-03"));

        Query select = DSL.using(SQLDialect.POSTGRES).selectOne().where(query.boundFilter().condition());

        assertThat(select.getSQL()).doesNotContain("drop table").doesNotContain("'sms'").doesNotContain("2024");
        assertThat(query.boundFilter().values().values()).contains("sms", 7L);
        assertThat(query.boundFilter().values().values().stream().map(String::valueOf))
                .anyMatch(v -> v.contains("drop table"));
    }

    /** Whole days of some channels and directions are counted by the day counters (ADR 0028); nothing else is. */
    @Test
    void onlyDaysChannelsAndDirectionsAreCountedByDay() {
        assertThat(MessageQuery.parse(params("filters-channel", "sms,email", "filters-direction", "inbound",
                "filters-start_date", "2024-10-03", "filters-end_date", "2024-10-05", "filters-read", "unset")).days())
                .isEqualTo(new MessageDays(Set.of(Channel.SMS, Channel.EMAIL), Set.of(Direction.INBOUND),
                        LocalDate.of(2024, 10, 3), LocalDate.of(2024, 10, 5)));
        assertThat(MessageQuery.parse(new LinkedMultiValueMap<>()).days())
                .isEqualTo(new MessageDays(Set.of(), Set.of(), null, null));
        for (String[] other : List.of(new String[] {"filters-read", "no"}, new String[] {"filters-delivery_status", "sent"},
                new String[] {"filters-location", "000000000000000000000007"}, new String[] {"filters-q", "ann"},
                new String[] {"filters-modified_after", "2024-10-03"}, new String[] {"filters-service_user",
                        "000000000000000000000007"})) {
            assertThat(MessageQuery.parse(params("filters-channel", "sms", other[0], other[1])).days()).as(other[0]).isNull();
        }
    }

    @Test
    void descendingSortsTieByIdDescending() {
        MessageQuery query = MessageQuery.parse(params("sort_by", "-date_time"));

        assertThat(DSL.using(SQLDialect.POSTGRES).render(DSL.selectOne().orderBy(query.order().fields())))
                .contains("\"message\".\"occurred_at\" desc, \"message\".\"message_id\" desc");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThatThrownBy(() -> MessageQuery.parse(params("page", "0", "per_page", "x", "attributes", "colour",
                "attributes", "shade", "sort_by", "-size", "filters-read", "maybe", "colour", "red")))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field)
                        .containsExactlyInAnyOrder("colour", "page", "per_page", "attributes", "attributes", "sort_by",
                                "filters-read"));
    }

    @Test
    void aLongListOfIdsMakesAShallowTreeAndTooLongAListIsRefused() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= MessageQuery.MAX_LIST_VALUES; i++) {
            ids.add("filters-ids");
            ids.add(String.format("%024x", i));
        }
        MessageQuery query = MessageQuery.parse(params(ids.toArray(String[]::new)));
        assertThat(query.boundFilter().values()).hasSize(MessageQuery.MAX_LIST_VALUES);

        ids.add("filters-ids");
        ids.add(String.format("%024x", 100_000));
        assertThatThrownBy(() -> MessageQuery.parse(params(ids.toArray(String[]::new))))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).field()).isEqualTo("filters-ids"));
    }

    @Test
    void idsParleyNeverIssuedMatchNothing() {
        assertThat(MessageQuery.parse(params("filters-location", "ffffffffffffffffffffffff")).matchesNothing()).isTrue();
        assertThat(MessageQuery.parse(params("filters-location", "ffffffffffffffffffffffff",
                "filters-location", "000000000000000000000001")).matchesNothing()).isFalse();
    }

    private static String sql(MessageQuery query) {
        return DSL.using(SQLDialect.POSTGRES).render(DSL.selectOne().where(query.boundFilter().condition()));
    }

    private static MultiValueMap<String, String> params(String... keysAndValues) {
        MultiValueMap<String, String> map = new LinkedMultiValueMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.add(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
