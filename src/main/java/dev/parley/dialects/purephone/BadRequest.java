package dev.parley.dialects.purephone;

/** An envelope or body field that is missing or wrong: the protocol's status 400. */
final class BadRequest extends RuntimeException {

    BadRequest(String field, String problem) {
        super(field + " " + problem);
    }
}
