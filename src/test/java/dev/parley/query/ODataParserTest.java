package dev.parley.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.query.Expr.And;
import dev.parley.query.Expr.Compare;
import dev.parley.query.Expr.Literal;
import dev.parley.query.Expr.Op;
import dev.parley.query.Expr.Or;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ODataParserTest {

    @ParameterizedTest
    @CsvSource({"eq,EQ", "ne,NE", "gt,GT", "ge,GE", "lt,LT", "le,LE"})
    void everyComparisonOperator(String operator, Op op) {
        Compare compare = (Compare) ODataParser.parseFilter("Id " + operator + " 7");

        assertThat(compare.property()).isEqualTo("Id");
        assertThat(compare.op()).isEqualTo(op);
        assertThat(compare.value()).isEqualTo(new Literal.Number(new BigDecimal("7")));
    }

    @Test
    void aValueOnTheLeftIsTurnedAround() {
        Compare compare = (Compare) ODataParser.parseFilter("2022-10-25T12:00:00Z lt CreatedDateTime");

        assertThat(compare.property()).isEqualTo("CreatedDateTime");
        assertThat(compare.op()).isEqualTo(Op.GT);
    }

    @Test
    void andBindsTighterThanOr() {
        Expr expr = ODataParser.parseFilter("Id eq 1 or Id eq 2 and Id eq 3");

        assertThat(expr).isInstanceOf(Or.class);
        assertThat(((Or) expr).right()).isInstanceOf(And.class);
    }

    @Test
    void parenthesesGroup() {
        Expr expr = ODataParser.parseFilter("(Id eq 1 or Id eq 2) and Id eq 3");

        assertThat(expr).isInstanceOf(And.class);
        assertThat(((And) expr).left()).isInstanceOf(Or.class);
    }

    @Test
    void quotesAreEscapedByDoubling() {
        Compare compare = (Compare) ODataParser.parseFilter("Name eq 'O''Brien'");

        assertThat(compare.value()).isEqualTo(new Literal.Text("O'Brien"));
        assertThat(((Compare) ODataParser.parseFilter("Name eq ''")).value()).isEqualTo(new Literal.Text(""));
    }

    @Test
    void datetimesWithZAndOffsets() {
        assertThat(dateTime("2022-10-25T21:00:00Z")).isEqualTo(Instant.parse("2022-10-25T21:00:00Z"));
        assertThat(dateTime("2022-10-25T23:00:00+02:00")).isEqualTo(Instant.parse("2022-10-25T21:00:00Z"));
        assertThat(dateTime("2022-10-25T16:00:00-0500")).isEqualTo(Instant.parse("2022-10-25T21:00:00Z"));
        assertThat(dateTime("2022-10-25T21:00:00.123456Z")).isEqualTo(Instant.parse("2022-10-25T21:00:00.123456Z"));
        assertThat(dateTime("2022-10-25")).isEqualTo(Instant.parse("2022-10-25T00:00:00Z"));
    }

    @Test
    void literalsOfEveryKind() {
        assertThat(((Compare) ODataParser.parseFilter("Flag eq true")).value()).isEqualTo(new Literal.Bool(true));
        assertThat(((Compare) ODataParser.parseFilter("Flag eq false")).value()).isEqualTo(new Literal.Bool(false));
        assertThat(((Compare) ODataParser.parseFilter("Name eq null")).value()).isEqualTo(new Literal.Null());
        assertThat(((Compare) ODataParser.parseFilter("Id gt -3.5")).value()).isEqualTo(new Literal.Number(new BigDecimal("-3.5")));
    }

    @Test
    void startsWithAndEndsWith() {
        assertThat(ODataParser.parseFilter("startswith(name, 'Jane')")).isEqualTo(new Expr.StartsWith("name", "Jane", 11));
        assertThat(ODataParser.parseFilter("endswith(name,'Smith')")).isEqualTo(new Expr.EndsWith("name", "Smith", 9));
    }

    @Test
    void everyExampleOfTheDocumentParses() {
        List<String> examples = List.of(
                "CreatedDateTime ge 2022-10-25T21:00:00Z",
                "CreatedDateTime gt 2022-10-25T12:00:00Z",
                "CreatedDateTime ge 2022-10-25T12:00:00Z",
                "CreatedDateTime lt 2022-10-25T12:00:00Z",
                "CreatedDateTime le 2022-10-25T12:00:00Z",
                "userphonenumber eq '1234560000'",
                "CreatedDateTime ge 2022-10-25T12:00:00Z and CreatedDateTime le 2022-10-26T12:00:00Z",
                "Status eq 'Subscribed' or Status eq 'Active'",
                "startswith(name, 'Jane')",
                "endswith(name, 'Smith')",
                "CreatedDateTime ge 2022-10-25T00:00:00Z and CreatedDateTime lt 2022-10-26T00:00:00Z and (status eq 'Subscribed' or Status eq 'Ended')",
                "CreatedDateTime ge 2022-10-25T00:00:00Z and CreatedDateTime lt 2022-10-26T00:00:00Z",
                "CreatedDateTime ge 2022-10-25T00:00:00Z");
        assertThat(examples).allSatisfy(e -> assertThat(ODataParser.parseFilter(e)).isNotNull());
        assertThat(ODataParser.parseOrderBy("CreatedDateTime desc")).containsExactly(new OrderItem("CreatedDateTime", true, 0));
        assertThat(ODataParser.parseOrderBy("CreatedDateTime")).containsExactly(new OrderItem("CreatedDateTime", false, 0));
        assertThat(ODataParser.parseOrderBy("Status asc, Id desc"))
                .containsExactly(new OrderItem("Status", false, 0), new OrderItem("Id", true, 12));
    }

    @Test
    void theUnsupportedDocumentTypoOfAnUnclosedQuoteIsAnError() {
        // The document's own "ne" example lacks its closing quote: it is refused, with where.
        assertThatThrownBy(() -> ODataParser.parseFilter("userphonenumber ne '1234560000"))
                .isInstanceOf(QueryError.class).hasMessageContaining("not closed").hasMessageContaining("position 19");
    }

    @Test
    void errorsNameTheTokenAndItsPosition() {
        assertError("Id eq", "position 5", "ends where");
        assertError("Id eq 1 and", "position 11", "ends where");
        assertError("Id xx 1", "position 3", "'xx'");
        assertError("Id eq 1 Id eq 2", "position 8", "'Id'");
        assertError("(Id eq 1", "position 8", "')'");
        assertError("Id eq 1)", "position 7", "')'");
        assertError("Id eq 1 & Id eq 2", "position 8", "'&'");
        assertError("Id eq Name", "position 6", "two properties");
        assertError("1 eq 2", "position 0", "two values");
        assertError("not Id eq 1", "position 4", "'Id'");
        assertError("contains(Name, 'x')", "position 8", "'('");
        assertError("", "position 0", "empty");
        assertError("Id eq 2022-13-45T00:00:00Z", "position 6", "not a valid datetime");
        assertError("startswith(Name, 3)", "position 17", "string");
    }

    @Test
    void inputIsBounded() {
        assertError("Id eq 1 or ".repeat(250) + "Id eq 1", "", "longer than 2000");
        assertError("(".repeat(40) + "Id eq 1" + ")".repeat(40), "position 32", "deeper than 32");
        assertError("Id eq 1 or ".repeat(120) + "Id eq 1", "", "more than 100 conditions");
    }

    private static void assertError(String filter, String position, String words) {
        assertThatThrownBy(() -> ODataParser.parseFilter(filter)).isInstanceOf(QueryError.class)
                .hasMessageContaining(position).hasMessageContaining(words);
    }

    private static Instant dateTime(String literal) {
        return ((Literal.DateTime) ((Compare) ODataParser.parseFilter("CreatedDateTime eq " + literal)).value()).value();
    }
}
