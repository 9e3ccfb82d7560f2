package dev.parley.tenancy;

/**
 * Something the caller named does not exist within the caller's tenant. An id of another tenant is
 * reported the same way, so that no surface reveals that it exists.
 */
public class NotFound extends RuntimeException {

    private final String kind;
    private final String id;

    public NotFound(String kind, Object id) {
        super("No " + kind + " with id " + id);
        this.kind = kind;
        this.id = String.valueOf(id);
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
