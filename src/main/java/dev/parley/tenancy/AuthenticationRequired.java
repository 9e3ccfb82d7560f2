package dev.parley.tenancy;

/** The request carries no credential, or one that is not valid (HTTP 401). */
public class AuthenticationRequired extends RuntimeException {

    public AuthenticationRequired(String message) {
        super(message);
    }
}
