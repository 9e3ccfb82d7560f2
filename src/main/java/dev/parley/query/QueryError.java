package dev.parley.query;

/**
 * A query that cannot be run as written: {@code token} is what was wrong and {@code position} its
 * 0-based character offset in the parameter's text (-1 when the problem is not at one place).
 */
public class QueryError extends RuntimeException {

    private final String parameter;
    private final String token;
    private final int position;

    public QueryError(String parameter, String token, int position, String message) {
        super(message + (position >= 0 ? " at position " + position : "")
                + (token == null || token.isEmpty() ? "" : " ('" + token + "')"));
        this.parameter = parameter;
        this.token = token;
        this.position = position;
    }

    public String parameter() {
        return parameter;
    }

    public String token() {
        return token;
    }

    public int position() {
        return position;
    }
}
