package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.Contacts;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Unread totals are sums of striped counter rows (ADR 0013). These tests show that the rows count every
 * message that arrives at the same time, keep tenants apart, follow a conversation whose contact goes away,
 * and start from the counters that existed before them.
 */
@ParleyIntegrationTest
class UnreadStripesTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    Contacts contacts;

    @Autowired
    DSLContext db;

    @Autowired
    DataSource dataSource;

    @Test
    void concurrentInboundMessagesOnOneLocationAreAllCounted() throws Exception {
        TestTenant clinic = TestTenant.create(new Http(port));
        int clients = 8;
        int perClient = 25;
        // Half the messages come from numbers every sender shares (their conversations serialise on their
        // own rows), half from numbers of one sender only.
        List<String> shared = List.of(TestTenant.uniqueNumber(), TestTenant.uniqueNumber(), TestTenant.uniqueNumber());
        List<List<String>> own = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            own.add(List.of(TestTenant.uniqueNumber(), TestTenant.uniqueNumber()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<Void>> senders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                List<String> mine = own.get(c);
                senders.add(() -> {
                    for (int i = 0; i < perClient; i++) {
                        String from = i % 2 == 0 ? shared.get(i % shared.size()) : mine.get((i / 2) % mine.size());
                        Inbound.sms(conversations, clinic, from, "message " + i);
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(senders)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(conversations.unreadTotals(clinic.tenantId())).containsExactly(new UnreadTotal(clinic.locationId(),
                Channel.SMS, false, shared.size() + clients * 2L, (long) clients * perClient));
        // The counts were spread over several rows rather than queued on one.
        assertThat(db.fetchCount(db.selectFrom("unread_stripe").where("tenant_id = ?", clinic.id()))).isGreaterThan(1);
    }

    @Test
    void tenantsStayApart() {
        Http http = new Http(port);
        TestTenant north = TestTenant.create(http);
        TestTenant south = TestTenant.create(http);
        String client = TestTenant.uniqueNumber();
        // The same number writes to both clinics.
        Inbound.sms(conversations, north, client, "north 1");
        Inbound.sms(conversations, north, client, "north 2");
        Inbound.sms(conversations, south, client, "south 1");
        long southConversation = Inbound.sms(conversations, south, TestTenant.uniqueNumber(), "south 2").conversationId();
        Inbound.sms(conversations, south, TestTenant.uniqueNumber(), "south 3");

        conversations.markRead(south.tenantId(), southConversation, null);

        JsonNode northTotals = http.get("/api/v1/unread", north.token()).json();
        JsonNode southTotals = http.get("/api/v1/unread", south.token()).json();
        assertThat(northTotals.get("unread_messages").asLong()).isEqualTo(2);
        assertThat(northTotals.get("unread_conversations").asLong()).isEqualTo(1);
        assertThat(northTotals.get("locations").findValuesAsString("location_id"))
                .containsExactly(Long.toString(north.locationId()));
        assertThat(southTotals.get("unread_messages").asLong()).isEqualTo(2);
        assertThat(southTotals.get("unread_conversations").asLong()).isEqualTo(2);
        assertThat(southTotals.get("locations").findValuesAsString("location_id"))
                .containsExactly(Long.toString(south.locationId()));
    }

    @Test
    void aDeletedContactsUnreadMessagesCountAsFromAnUnknownNumber() {
        TestTenant clinic = TestTenant.create(new Http(port));
        String number = TestTenant.uniqueNumber();
        long client = clinic.client("Gone", "Soon", number);
        Inbound.sms(conversations, clinic, number, "one");
        Inbound.sms(conversations, clinic, number, "two");
        assertThat(conversations.unreadTotals(clinic.tenantId()))
                .containsExactly(new UnreadTotal(clinic.locationId(), Channel.SMS, true, 1, 2));

        // The foreign key sets the conversation's contact to null: no Parley code touches the conversation.
        contacts.delete(clinic.tenantId(), client);

        assertThat(conversations.unreadTotals(clinic.tenantId()))
                .containsExactly(new UnreadTotal(clinic.locationId(), Channel.SMS, false, 1, 2));

        // A new contact with the number takes the conversation back.
        clinic.client("Back", "Again", number);
        assertThat(conversations.unreadTotals(clinic.tenantId()))
                .containsExactly(new UnreadTotal(clinic.locationId(), Channel.SMS, true, 1, 2));
    }

    @Test
    void theMigrationStartsTheStripesFromTheCountersAlreadyKept() {
        String schema = "backfill_" + System.nanoTime();
        try {
            Flyway.configure().dataSource(dataSource).schemas(schema).target("50").load().migrate();
            db.execute("""
                    insert into %1$s.tenant (name, subdomain, timezone) values ('Old', 'old', 'UTC');
                    insert into %1$s.location (tenant_id, name, timezone, country)
                    select tenant_id, l, 'UTC', 'US' from %1$s.tenant, (values ('a'), ('b')) v(l);
                    insert into %1$s.contact (tenant_id, kind) select tenant_id, 'client' from %1$s.tenant;
                    insert into %1$s.conversation (tenant_id, location_id, channel, counterpart, contact_id,
                                                   last_activity_at, unread_count)
                    select l.tenant_id, l.location_id, ch, '+1555000' || g || ch, case when g %% 2 = 0 then c.contact_id end,
                           now(), g %% 3
                    from %1$s.location l join %1$s.contact c on c.tenant_id = l.tenant_id,
                         generate_series(1, 12) g, (values ('sms'), ('email')) v(ch);
                    """.formatted(schema));

            Flyway.configure().dataSource(dataSource).schemas(schema).load().migrate();

            var expected = db.fetch("""
                    select location_id, channel, contact_id is not null, count(*), sum(unread_count)::bigint
                    from %s.conversation where unread_count > 0 group by 1, 2, 3 order by 1, 2, 3""".formatted(schema));
            var backfilled = db.fetch("""
                    select location_id, channel, known_contact, sum(unread_conversations)::bigint, sum(unread_messages)::bigint
                    from %s.unread_stripe group by 1, 2, 3 order by 1, 2, 3""".formatted(schema));
            assertThat(expected).hasSize(8);
            assertThat(backfilled.intoArrays()).isDeepEqualTo(expected.intoArrays());
        } finally {
            db.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
