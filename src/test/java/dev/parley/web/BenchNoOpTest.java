package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/** The bench's no-op answers as many bytes as it is asked for, and they are still JSON. */
class BenchNoOpTest {

    private final BenchNoOp noOp = new BenchNoOp();

    @Test
    void answersTheBytesAskedForAsAnEmptyJsonObject() {
        for (int bytes : new int[] {2, 3, 26_013, 26_013, 107, BenchNoOp.MOST_ANSWER_BYTES}) {
            ResponseEntity<String> answer = noOp.noop(null, bytes);

            assertThat(answer.getStatusCode().value()).isEqualTo(200);
            assertThat(answer.getBody().getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
            assertThat(JsonMapper.builder().build().readTree(answer.getBody()).isEmpty()).isTrue();
        }
    }

    @Test
    void anAnswerSizeOutOfRangeIsRefusedByName() {
        for (int bytes : new int[] {1, 0, -5, BenchNoOp.MOST_ANSWER_BYTES + 1}) {
            ResponseEntity<String> answer = noOp.noop(null, bytes);

            assertThat(answer.getStatusCode().value()).isEqualTo(400);
            assertThat(answer.getBody()).contains(BenchNoOp.ANSWER_BYTES);
        }
    }
}
