package dev.parley.addresses;

/** A phone number or email address that cannot be understood; the message says why, in words for the caller. */
public class InvalidAddress extends IllegalArgumentException {

    public InvalidAddress(String message) {
        super(message);
    }
}
