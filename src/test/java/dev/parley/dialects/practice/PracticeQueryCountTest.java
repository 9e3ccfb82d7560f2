package dev.parley.dialects.practice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Attachment;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.tenancy.Tenants;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * No N+1: a page of twenty conversations with their patients, messages, attachments, seen receipts and staff
 * senders costs exactly the statements a page of one does.
 */
@ParleyIntegrationTest
class PracticeQueryCountTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    Tenants tenants;

    @Autowired
    QueryCounter queries;

    @Test
    void theStatementsPerRequestDoNotGrowWithThePageSize() {
        Http http = new Http(port);
        TestTenant clinic = TestTenant.create(http);
        long staff = http.post("/api/v1/staff", clinic.token(), Map.of("name", "Pat Desk")).json().get("id").asLong();
        Instant start = Instant.parse("2024-05-01T09:00:00Z");
        for (int i = 0; i < 20; i++) {
            // Every conversation has everything the page loads: a patient, an attachment, a staff reply, receipts.
            String phone = TestTenant.uniqueNumber();
            clinic.client("Patient", "No" + i, phone);
            long conversation = conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), Channel.SMS,
                    Direction.INBOUND, phone, clinic.smsNumber(), null, false, "photo " + i, null, MessageStatus.RECEIVED,
                    start.plusSeconds(i * 10L), null, null, "test", null,
                    List.of(Attachment.media("https://media.example/" + i + ".jpg", "image/jpeg")))).conversationId();
            conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), Channel.SMS, Direction.OUTBOUND,
                    phone, clinic.smsNumber(), null, false, "thanks " + i, null, MessageStatus.SENT,
                    start.plusSeconds(i * 10L + 1), null, staff, "test", null, List.of()));
            conversations.markRead(clinic.tenantId(), conversation, staff);
        }
        String query = "/conversations?subdomain=" + tenants.get(clinic.tenantId()).subdomain() + "&location_id="
                + clinic.locationId() + "&include_messages=true&per_page=";

        int one = statements(http, clinic, query + 1, 1);
        int twenty = statements(http, clinic, query + 20, 20);

        assertThat(one).as("the listener saw the request's statements").isGreaterThan(5);
        assertThat(twenty).isEqualTo(one);
    }

    private int statements(Http http, TestTenant clinic, String path, int expectedRows) {
        String tag = UUID.randomUUID().toString();
        Http.Response response = http.send("GET", path, clinic.token(), null, Map.of(QueryCounter.HEADER, tag));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("data").size()).isEqualTo(expectedRows);
        response.json().get("data").valueStream().forEach(c -> {
            assertThat(c.get("patient").isNull()).isFalse();
            assertThat(c.get("messages").size()).isEqualTo(2);
        });
        return queries.statementsFor(tag);
    }
}
