package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.conf.ParamType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The newest messages of a page of conversations come in one query that reads, for each conversation, only its
 * newest rows along the conversation-time index, however long its history.
 */
@ParleyIntegrationTest
class NewestMessagesPlanTest {

    @LocalServerPort
    int port;

    @Autowired
    MessageStore store;

    @Autowired
    Conversations conversations;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void eachConversationsNewestMessagesAreReadThroughTheIndexUpToTheLimit() {
        TestTenant clinic = TestTenant.create(new Http(port));
        List<Long> ids = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            String phone = TestTenant.uniqueNumber();
            for (int m = 0; m < 30; m++) {
                ids.add(Inbound.sms(conversations, clinic, phone, "m" + m,
                        Instant.parse("2024-01-01T00:00:00Z").plusSeconds(c * 100L + m)).conversationId());
            }
        }
        List<Long> page = ids.stream().distinct().toList();
        db.execute("analyze message");

        Map<Long, List<Message>> newest = conversations.newestMessages(clinic.tenantId(), page,
                Instant.parse("2024-01-01T00:00:10Z"), 4);
        assertThat(newest).hasSize(3);
        assertThat(newest.get(page.get(0))).extracting(Message::body).containsExactly("m29", "m28", "m27", "m26");

        List<String> plan = transactions.execute(tx -> {
            // The planner may prefer a scan on a table this small; forbidding it shows the index serves the query.
            db.execute("set local enable_seqscan = off");
            return db.fetch("explain " + store.newestQuery(clinic.id(), page, Instant.parse("2024-01-01T00:00:10Z"), 4)
                    .getSQL(ParamType.INLINED)).getValues(0, String.class);
        });
        String text = String.join("\n", plan);
        // For example: Nested Loop -> Index Scan on conversation; -> Limit -> Index Scan using message_conversation_time_idx
        assertThat(text).contains("message_conversation_time_idx");
        assertThat(text).contains("Limit");
        assertThat(text).doesNotContain("WindowAgg");
    }
}
