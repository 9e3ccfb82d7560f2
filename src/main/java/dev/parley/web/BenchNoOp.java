package dev.parley.web;

import java.util.Arrays;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A request that does nothing, served only under the {@code bench} profile: the benchmark's measure of what the HTTP
 * server alone costs for a request of the same method and size, answered with as many bytes as the request it
 * stands for was answered with (its {@value #ANSWER_BYTES} header; {@code {}} without it).
 */
@RestController
@Profile("bench")
class BenchNoOp {

    static final String ANSWER_BYTES = "X-Bench-Answer-Bytes";
    /** The largest answer asked for; Parley's own pages are a few tens of kilobytes. */
    static final int MOST_ANSWER_BYTES = 1 << 20;

    /** The last answer made, kept because the bench asks for one size many thousand times in a row. */
    private volatile Answer last = new Answer(2, "{}");

    private record Answer(int bytes, String json) {}

    @RequestMapping(path = "/bench/noop", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> noop(@RequestBody(required = false) String body,
                                @RequestHeader(name = ANSWER_BYTES, defaultValue = "2") int answerBytes) {
        if (answerBytes < 2 || answerBytes > MOST_ANSWER_BYTES) {
            return ResponseEntity.badRequest().body("{\"error\":\"" + ANSWER_BYTES + " must be from 2 to "
                    + MOST_ANSWER_BYTES + "\"}");
        }
        Answer answer = last;
        if (answer.bytes() != answerBytes) {
            answer = new Answer(answerBytes, emptyObject(answerBytes));
            last = answer;
        }
        return ResponseEntity.ok(answer.json());
    }

    /** An empty JSON object {@code bytes} long in UTF-8: its braces with blanks between them. */
    private static String emptyObject(int bytes) {
        char[] json = new char[bytes];
        Arrays.fill(json, ' ');
        json[0] = '{';
        json[bytes - 1] = '}';
        return new String(json);
    }
}
