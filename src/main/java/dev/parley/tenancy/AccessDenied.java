package dev.parley.tenancy;

/** The caller is known but may not do this (HTTP 403). */
public class AccessDenied extends RuntimeException {

    public AccessDenied(String message) {
        super(message);
    }
}
