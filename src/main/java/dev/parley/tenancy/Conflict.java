package dev.parley.tenancy;

/** A request that is well formed but collides with what is already there, such as a subdomain in use. */
public class Conflict extends RuntimeException {

    private final String field;

    public Conflict(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
