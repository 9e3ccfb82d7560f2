package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unread totals (the vet portal's /partners/sms/unread, the API's /unread) never count message rows: they sum
 * the kept per-conversation counters through the partial index of conversations with something unread.
 */
@ParleyIntegrationTest
class UnreadTotalsPlanTest {

    @LocalServerPort
    int port;

    @Autowired
    ConversationStore store;

    @Autowired
    Conversations conversations;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theTotalsReadTheUnreadIndexAndNotTheMessages() {
        TestTenant clinic = TestTenant.create(new Http(port));
        for (int i = 0; i < 20; i++) {
            Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "unread " + i);
        }
        // Most of a real inbox is read: 2,000 read threads beside the 20 unread ones.
        db.execute("""
                insert into conversation (tenant_id, location_id, channel, counterpart, last_activity_at)
                select ?, ?, 'sms', '+1559' || lpad(g::text, 7, '0'), now() from generate_series(1, 2000) g""",
                clinic.id(), clinic.locationId());
        db.execute("analyze conversation");

        List<String> plan = transactions.execute(tx -> {
            // A test database is small enough that a sequential scan may look cheapest; forbidding it asks which
            // index the planner would use on a large one.
            db.execute("set local enable_seqscan = off");
            return db.fetch("explain " + store.unreadTotalsQuery(clinic.id()).getSQL(org.jooq.conf.ParamType.INLINED))
                    .getValues(0, String.class);
        });

        String text = String.join("\n", plan);
        // For example: HashAggregate -> Index Only Scan using conversation_unread_idx on conversation
        assertThat(text).contains("conversation_unread_idx");
        assertThat(text).doesNotContain(" on message");
    }
}
