package dev.parley.query;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OData subset Parley's dialects accept: {@code $filter} with {@code eq ne gt ge lt le}, {@code and}
 * (binding tighter than {@code or}), parentheses, {@code startswith(P,'s')} and {@code endswith(P,'s')};
 * string literals in single quotes ({@code ''} for a quote), unquoted ISO-8601 datetimes, numbers,
 * {@code true}, {@code false}, {@code null}; and {@code $orderby} with {@code asc}/{@code desc}. Input is
 * bounded in length, nesting and size, so no expression can exhaust the stack or the time.
 */
public final class ODataParser {

    public static final int MAX_LENGTH = 2000;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_TERMS = 100;

    /** Fixed places for the date and time fields; groups for the time, its seconds, its fraction and its offset. */
    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private enum Kind { OPEN, CLOSE, COMMA, STRING, NUMBER, DATETIME, WORD, END }

    private record Token(Kind kind, String text, Object value, int position) {}

    private final String parameter;
    private final String text;
    private final List<Token> tokens;
    private int next;
    private int depth;
    private int terms;

    private ODataParser(String parameter, String text) {
        this.parameter = parameter;
        this.text = text;
        if (text.length() > MAX_LENGTH) {
            throw new QueryError(parameter, "", MAX_LENGTH, "is longer than " + MAX_LENGTH + " characters");
        }
        this.tokens = tokenize();
    }

    /** Parses a {@code $filter} value. */
    public static Expr parseFilter(String text) {
        ODataParser parser = new ODataParser("$filter", text);
        if (parser.peek().kind() == Kind.END) {
            throw new QueryError("$filter", "", 0, "is empty");
        }
        Expr expr = parser.or();
        parser.expect(Kind.END, "an operator ('and', 'or') or the end of the expression");
        return expr;
    }

    /** Parses an {@code $orderby} value: one or more properties, each optionally {@code asc} or {@code desc}. */
    public static List<OrderItem> parseOrderBy(String text) {
        ODataParser parser = new ODataParser("$orderby", text);
        List<OrderItem> items = new ArrayList<>();
        do {
            Token property = parser.expect(Kind.WORD, "a property name");
            requireIdentifier(parser.parameter, property);
            boolean descending = false;
            Token direction = parser.peek();
            if (direction.kind() == Kind.WORD && (is(direction, "asc") || is(direction, "desc"))) {
                parser.next++;
                descending = is(direction, "desc");
            }
            items.add(new OrderItem(property.text(), descending, property.position()));
            if (items.size() > 10) {
                throw new QueryError("$orderby", property.text(), property.position(), "orders by more than 10 properties");
            }
        } while (parser.accept(Kind.COMMA));
        parser.expect(Kind.END, "',' or the end of the list");
        return items;
    }

    private Expr or() {
        Expr left = and();
        while (acceptWord("or")) {
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = primary();
        while (acceptWord("and")) {
            left = new Expr.And(left, primary());
        }
        return left;
    }

    private Expr primary() {
        Token token = peek();
        if (token.kind() == Kind.OPEN) {
            next++;
            if (++depth > MAX_DEPTH) {
                throw new QueryError(parameter, "(", token.position(), "nests parentheses deeper than " + MAX_DEPTH);
            }
            Expr inner = or();
            expect(Kind.CLOSE, "')'");
            depth--;
            return inner;
        }
        if (++terms > MAX_TERMS) {
            throw new QueryError(parameter, token.text(), token.position(), "has more than " + MAX_TERMS + " conditions");
        }
        if (token.kind() == Kind.WORD && (is(token, "startswith") || is(token, "endswith"))
                && peekAt(1).kind() == Kind.OPEN) {
            next += 2;
            Token property = expect(Kind.WORD, "a property name");
            requireIdentifier(parameter, property);
            expect(Kind.COMMA, "','");
            Token value = expect(Kind.STRING, "a string in single quotes");
            expect(Kind.CLOSE, "')'");
            return is(token, "startswith") ? new Expr.StartsWith(property.text(), (String) value.value(), property.position())
                    : new Expr.EndsWith(property.text(), (String) value.value(), property.position());
        }
        Token left = operand();
        Token operator = expect(Kind.WORD, "a comparison operator (eq, ne, gt, ge, lt, le)");
        Expr.Op op = operator(operator);
        Token right = operand();
        boolean leftIsProperty = isProperty(left);
        boolean rightIsProperty = isProperty(right);
        if (leftIsProperty == rightIsProperty) {
            Token at = leftIsProperty ? right : left;
            throw new QueryError(parameter, at.text(), at.position(), leftIsProperty
                    ? "compares two properties; one side must be a value" : "compares two values; one side must be a property");
        }
        return leftIsProperty ? new Expr.Compare(left.text(), op, literal(right), left.position(), right.position())
                : new Expr.Compare(right.text(), flip(op), literal(left), right.position(), left.position());
    }

    private Token operand() {
        Token token = peek();
        switch (token.kind()) {
            case STRING, NUMBER, DATETIME, WORD -> {
                next++;
                if (token.kind() == Kind.WORD && !isLiteralWord(token)) {
                    requireIdentifier(parameter, token);
                }
                return token;
            }
            default -> throw new QueryError(parameter, token.text(), token.position(),
                    token.kind() == Kind.END ? "ends where a property or value was expected" : "expects a property or a value");
        }
    }

    private Expr.Op operator(Token token) {
        try {
            return Expr.Op.valueOf(token.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new QueryError(parameter, token.text(), token.position(),
                    "is not a supported operator; use eq, ne, gt, ge, lt, le, and, or, startswith, endswith");
        }
    }

    private static boolean isProperty(Token token) {
        return token.kind() == Kind.WORD && !isLiteralWord(token);
    }

    private static boolean isLiteralWord(Token token) {
        return is(token, "true") || is(token, "false") || is(token, "null");
    }

    private static Expr.Literal literal(Token token) {
        return switch (token.kind()) {
            case STRING -> new Expr.Literal.Text((String) token.value());
            case NUMBER -> new Expr.Literal.Number((BigDecimal) token.value());
            case DATETIME -> new Expr.Literal.DateTime((Instant) token.value());
            default -> is(token, "null") ? new Expr.Literal.Null() : new Expr.Literal.Bool(is(token, "true"));
        };
    }

    private static Expr.Op flip(Expr.Op op) {
        return switch (op) {
            case GT -> Expr.Op.LT;
            case GE -> Expr.Op.LE;
            case LT -> Expr.Op.GT;
            case LE -> Expr.Op.GE;
            default -> op;
        };
    }

    private static void requireIdentifier(String parameter, Token token) {
        if (!IDENTIFIER.matcher(token.text()).matches()) {
            throw new QueryError(parameter, token.text(), token.position(), "is not a property name");
        }
    }

    private static boolean is(Token token, String word) {
        return token.kind() == Kind.WORD && token.text().equalsIgnoreCase(word);
    }

    private boolean acceptWord(String word) {
        if (is(peek(), word)) {
            next++;
            return true;
        }
        return false;
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            next++;
            return true;
        }
        return false;
    }

    private Token expect(Kind kind, String what) {
        Token token = peek();
        if (token.kind() != kind) {
            throw new QueryError(parameter, token.text(), token.position(),
                    (token.kind() == Kind.END ? "ends where " : "has '" + token.text() + "' where ") + what + " was expected");
        }
        next++;
        return token;
    }

    private Token peek() {
        return peekAt(0);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private List<Token> tokenize() {
        List<Token> list = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                list.add(new Token(Kind.OPEN, "(", null, i++));
            } else if (c == ')') {
                list.add(new Token(Kind.CLOSE, ")", null, i++));
            } else if (c == ',') {
                list.add(new Token(Kind.COMMA, ",", null, i++));
            } else if (c == '\'') {
                i = string(list, i);
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                i = numberOrDateTime(list, i);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                list.add(new Token(Kind.WORD, text.substring(start, i), null, start));
            } else {
                throw new QueryError(parameter, String.valueOf(c), i, "has a character that is not part of the syntax");
            }
        }
        list.add(new Token(Kind.END, "", null, text.length()));
        return list;
    }

    private int string(List<Token> list, int start) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= text.length()) {
                throw new QueryError(parameter, text.substring(start, Math.min(text.length(), start + 20)), start,
                        "has a string that is not closed with '");
            }
            char c = text.charAt(i);
            if (c == '\'') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                list.add(new Token(Kind.STRING, text.substring(start, i + 1), value.toString(), start));
                return i + 1;
            }
            value.append(c);
            i++;
        }
    }

    private int numberOrDateTime(List<Token> list, int start) {
        Matcher dateTime = DATETIME.matcher(text).region(start, text.length());
        if (text.charAt(start) != '-' && dateTime.lookingAt()) {
            list.add(new Token(Kind.DATETIME, dateTime.group(), instant(dateTime), start));
            return dateTime.end();
        }
        Matcher number = NUMBER.matcher(text).region(start, text.length());
        if (number.lookingAt()) {
            list.add(new Token(Kind.NUMBER, number.group(), new BigDecimal(number.group()), start));
            return number.end();
        }
        throw new QueryError(parameter, String.valueOf(text.charAt(start)), start, "is not a number or a datetime");
    }

    /**
     * The instant a datetime the pattern matched names: a date alone is its first moment in UTC, as is a time
     * without an offset. The pattern has already checked the shape, so the fields are read from their places;
     * {@code java.time} checks their ranges (a 30th of February, 25 o'clock, an offset beyond 18 hours).
     */
    private Instant instant(Matcher dateTime) {
        int at = dateTime.start();
        try {
            LocalDate date = LocalDate.of(digits(at, 4), digits(at + 5, 2), digits(at + 8, 2));
            if (dateTime.group(1) == null) {
                return date.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            int seconds = dateTime.group(2) == null ? 0 : digits(at + 17, 2);
            LocalTime time = LocalTime.of(digits(at + 11, 2), digits(at + 14, 2), seconds, nanos(dateTime.group(3)));
            ZoneOffset offset = dateTime.group(4) == null ? ZoneOffset.UTC : ZoneOffset.of(dateTime.group(4));
            return LocalDateTime.of(date, time).toInstant(offset);
        } catch (DateTimeException e) {
            throw new QueryError(parameter, dateTime.group(), at, "is not a valid datetime");
        }
    }

    private int digits(int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /** A fraction of a second as the pattern matched it, its point included ({@code .25}), in nanoseconds. */
    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        int value = 0;
        for (int i = 1; i < 10; i++) {
            value = value * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
        }
        return value;
    }
}
