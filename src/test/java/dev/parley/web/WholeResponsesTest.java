package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A response past Tomcat's 8 KiB goes out whole with its length, and so does one that Spring flushes when written;
 * one past {@value WholeResponses#WHOLE_BYTES} bytes is streamed.
 */
@ParleyIntegrationTest
class WholeResponsesTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    TestTenant clinic;

    @BeforeEach
    void setUp() {
        clinic = TestTenant.create(new Http(port));
        String question = "Could you tell me whether the booster is due this month or next? ".repeat(10);
        for (int i = 0; i < 100; i++) {
            Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), question + i);
        }
    }

    @Test
    void aPageOfTheInboxGoesOutWithItsLength() {
        Http.Response page = clinic.http().get("/api/v1/conversations?limit=25", clinic.token());

        int bytes = page.body().getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isBetween(8 * 1024, WholeResponses.WHOLE_BYTES);
        assertThat(page.header("Content-Length")).isEqualTo(Integer.toString(bytes));
        assertThat(page.header("Transfer-Encoding")).isNull();
    }

    @Test
    void answersThatSpringFlushesGoOutWithTheirLengthToo() {
        String chats = "/smschatapi/external/orgs/" + clinic.id() + "/smsChats?$top=5";
        Http.Response dialect = clinic.http().get(chats, clinic.token());
        Http.Response error = clinic.http().get(chats, null);
        Http.Response webhook = clinic.http().post("/webhooks/twilio/status?tenant=" + clinic.id(), null,
                "MessageSid=SM0123&MessageStatus=delivered", Map.of("Content-Type", "application/x-www-form-urlencoded"));

        assertThat(List.of(dialect.status(), error.status(), webhook.status())).containsExactly(200, 401, 403);
        for (Http.Response answer : List.of(dialect, error, webhook)) {
            assertThat(answer.header("Content-Length")).as(answer.toString())
                    .isEqualTo(Integer.toString(answer.body().getBytes(StandardCharsets.UTF_8).length));
            assertThat(answer.header("Transfer-Encoding")).as(answer.toString()).isNull();
        }
    }

    @Test
    void aLargerResponseIsStreamedInChunks() {
        Http.Response page = clinic.http().get("/api/v1/conversations?limit=100", clinic.token());

        assertThat(page.body().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(WholeResponses.WHOLE_BYTES);
        assertThat(page.header("Content-Length")).isNull();
        assertThat(page.header("Transfer-Encoding")).isEqualTo("chunked");
    }
}
