package dev.parley.dialects.purephone;

/** A thread's snippet: the first line of its latest message, at most 45 characters (code points, not bytes). */
final class Snippet {

    static final int MAX_CHARACTERS = 45;

    private Snippet() {}

    static String of(String body) {
        if (body == null) {
            return "";
        }
        int end = body.length();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\n' || c == '\r') {
                end = i;
                break;
            }
        }
        String line = body.substring(0, end);
        if (line.codePointCount(0, line.length()) <= MAX_CHARACTERS) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, MAX_CHARACTERS));
    }
}
