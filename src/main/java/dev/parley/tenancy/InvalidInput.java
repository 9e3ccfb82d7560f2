package dev.parley.tenancy;

import java.util.List;

/** A request that cannot be carried out as given; each problem names the field it is about. */
public class InvalidInput extends RuntimeException {

    /** One thing wrong with one field; {@code field} is a JSON-path-like name such as {@code pets[0].name}. */
    public record Problem(String field, String message) {}

    private final List<Problem> problems;

    public InvalidInput(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInput(String field, String message) {
        this(List.of(new Problem(field, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        StringBuilder text = new StringBuilder();
        for (Problem problem : problems) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(problem.field()).append(": ").append(problem.message());
        }
        return text.toString();
    }
}
