package dev.parley.dialects.carehq;

import dev.parley.tenancy.InvalidInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CareHQ's error body: {@code {"hint": "...", "arg_errors": {"parameter": ["message", ...]}}}. */
final class CareHqError {

    private CareHqError() {}

    static Map<String, Object> of(String hint) {
        return of(hint, Map.of());
    }

    static Map<String, Object> of(String hint, Map<String, List<String>> argErrors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hint", hint);
        body.put("arg_errors", argErrors);
        return body;
    }

    /** One argument's error, with a hint that says the same. */
    static Map<String, Object> argument(String argument, String message) {
        return of(argument + " " + message, Map.of(argument, List.of(message)));
    }

    static Map<String, Object> of(InvalidInput e) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (InvalidInput.Problem problem : e.problems()) {
            errors.computeIfAbsent(problem.field(), k -> new java.util.ArrayList<>()).add(problem.message());
        }
        String hint = errors.size() == 1 ? "The argument " + errors.keySet().iterator().next() + " is not valid"
                : "The arguments " + String.join(", ", errors.keySet()) + " are not valid";
        return of(hint + ": " + e.getMessage(), errors);
    }
}
