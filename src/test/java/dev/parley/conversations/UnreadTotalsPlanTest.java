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
 * Unread totals (the vet portal's /partners/sms/unread, the API's /unread) read neither messages nor
 * conversations: they sum the striped counter rows of the tenant (ADR 0013), a few rows per location whatever
 * the number of unread conversations.
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
    void theTotalsReadTheStripesAndNeitherConversationsNorMessages() {
        TestTenant clinic = TestTenant.create(new Http(port));
        for (int i = 0; i < 20; i++) {
            Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "unread " + i);
        }
        // 2,000 more threads with something unread: the totals read the same few rows all the same.
        db.execute("""
                insert into conversation (tenant_id, location_id, channel, counterpart, last_activity_at, unread_count)
                select ?, ?, 'sms', '+1559' || lpad(g::text, 7, '0'), now(), 1 from generate_series(1, 2000) g""",
                clinic.id(), clinic.locationId());
        db.execute("analyze conversation");
        db.execute("analyze unread_stripe");

        List<String> plan = transactions.execute(tx -> {
            // A test database is small enough that a sequential scan may look cheapest; forbidding it asks which
            // index the planner would use on a large one.
            db.execute("set local enable_seqscan = off");
            return db.fetch("explain " + store.unreadTotalsQuery().bind("tenant_id", clinic.id()).getSQL(org.jooq.conf.ParamType.INLINED))
                    .getValues(0, String.class);
        });

        String text = String.join("\n", plan);
        // For example: HashAggregate -> Bitmap Heap Scan on unread_stripe -> Bitmap Index Scan on unread_stripe_pkey
        assertThat(text).as(text).contains(" on unread_stripe").contains("unread_stripe_pkey");
        assertThat(text).as(text).doesNotContain(" on conversation").doesNotContain(" on message");
        assertThat(conversations.unreadTotals(clinic.tenantId())).singleElement()
                .satisfies(t -> assertThat(t.messages()).isEqualTo(2020))
                .satisfies(t -> assertThat(t.conversations()).isEqualTo(2020));
    }
}
