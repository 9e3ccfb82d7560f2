package dev.parley.dialects.practice;

import java.util.List;

/** Query parameters the practice API cannot use; answered 400, each problem naming its parameter. */
class BadParameters extends RuntimeException {

    /** One parameter and what is wrong with it, as a sentence that starts with the parameter's name. */
    record Problem(String parameter, String message) {
        String sentence() {
            return parameter + " " + message;
        }
    }

    private final List<Problem> problems;

    BadParameters(List<Problem> problems) {
        super(String.join("; ", problems.stream().map(Problem::sentence).toList()));
        this.problems = List.copyOf(problems);
    }

    List<Problem> problems() {
        return problems;
    }
}
