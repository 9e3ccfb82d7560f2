package dev.parley.dialects.purephone;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request envelope {@code {endpoint, method, uuid, body}}. {@code uuid} may come as a number or as a
 * string of digits (the document shows both) and is answered as a number.
 */
record Envelope(int endpoint, Integer method, long uuid, JsonNode body) {

    /** An envelope that cannot be read; what could be read of it is echoed in the answer. */
    static final class Unreadable extends Exception {
        final Integer endpoint;
        final Long uuid;

        Unreadable(Integer endpoint, Long uuid, String problem) {
            super(problem, null, false, false);
            this.endpoint = endpoint;
            this.uuid = uuid;
        }
    }

    static Envelope read(JsonMapper json, byte[] bytes) throws Unreadable {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (JacksonException e) {
            throw new Unreadable(null, null, "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Unreadable(null, null, "not a JSON object");
        }
        Long uuid = uuid(root.get("uuid"));
        JsonNode endpoint = root.get("endpoint");
        if (endpoint == null || !endpoint.isIntegralNumber() || !endpoint.canConvertToInt()) {
            throw new Unreadable(null, uuid, "endpoint must be a whole number");
        }
        if (uuid == null) {
            throw new Unreadable(endpoint.intValue(), null, "uuid must be a whole number");
        }
        JsonNode method = root.get("method");
        Integer methodCode = method != null && method.isIntegralNumber() && method.canConvertToInt() ? method.intValue() : null;
        return new Envelope(endpoint.intValue(), methodCode, uuid, root.get("body"));
    }

    private static Long uuid(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isString() && node.stringValue().matches("[0-9]{1,18}")) {
            return Long.parseLong(node.stringValue());
        }
        return null;
    }
}
