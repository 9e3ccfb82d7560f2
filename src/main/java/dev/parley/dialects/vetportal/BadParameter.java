package dev.parley.dialects.vetportal;

/** A query or path parameter the vet portal cannot use; answered 400 naming it. */
class BadParameter extends RuntimeException {

    private final String parameter;

    BadParameter(String parameter, String message) {
        super(parameter + " " + message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
