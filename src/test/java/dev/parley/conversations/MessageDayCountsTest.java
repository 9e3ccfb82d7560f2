package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.query.QueryResource.BoundFilter;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Messages counted by whole UTC days, channel and direction are sums of striped counter rows kept by triggers
 * (ADR 0028). These tests show that the sums equal a count of the messages themselves after every kind of write:
 * recording, a move to another day, a deleted message, a deleted conversation, bulk SQL; that tenants stay apart;
 * and that the migration starts the counters from the messages already there.
 */
@ParleyIntegrationTest
class MessageDayCountsTest {

    private static final LocalDate FIRST = LocalDate.of(2024, 10, 1);
    private static final LocalDate SECOND = FIRST.plusDays(1);
    private static final LocalDate THIRD = FIRST.plusDays(2);

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    DSLContext db;

    @Autowired
    DataSource dataSource;

    @Test
    void theDayCountersAgreeWithTheMessagesAfterEveryKindOfWrite() {
        TestTenant clinic = TestTenant.create(new Http(port));
        TestTenant other = TestTenant.create(new Http(port));
        // Either side of midnight UTC: the day is UTC's, not the clinic's.
        Instant lateOnTheFirst = FIRST.atTime(23, 30).toInstant(ZoneOffset.UTC);
        Instant earlyOnTheSecond = SECOND.atTime(0, 30).toInstant(ZoneOffset.UTC);
        Instant noonOnTheThird = THIRD.atTime(12, 0).toInstant(ZoneOffset.UTC);
        String ann = TestTenant.uniqueNumber();
        List<RecordedMessage> annsInbound = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            annsInbound.add(record(clinic, Channel.SMS, Direction.INBOUND, ann, lateOnTheFirst.plusSeconds(i)));
        }
        record(clinic, Channel.SMS, Direction.OUTBOUND, ann, earlyOnTheSecond);
        record(clinic, Channel.SMS, Direction.OUTBOUND, ann, earlyOnTheSecond.plusSeconds(1));
        record(clinic, Channel.EMAIL, Direction.INBOUND, "ann@example.com", earlyOnTheSecond);
        record(clinic, Channel.EMAIL, Direction.OUTBOUND, "ann@example.com", noonOnTheThird);
        String bea = TestTenant.uniqueNumber();
        RecordedMessage beasFirst = record(clinic, Channel.SMS, Direction.INBOUND, bea, noonOnTheThird);
        record(clinic, Channel.SMS, Direction.INBOUND, bea, noonOnTheThird.plusSeconds(1));
        // The other clinic's messages, on the same days, are never the first clinic's.
        record(other, Channel.SMS, Direction.INBOUND, TestTenant.uniqueNumber(), lateOnTheFirst);
        record(other, Channel.SMS, Direction.INBOUND, TestTenant.uniqueNumber(), noonOnTheThird);

        assertThat(count(clinic, days(Set.of(), Set.of(), null, null))).isEqualTo(9);
        assertThat(count(clinic, days(Set.of(Channel.SMS), Set.of(Direction.INBOUND), SECOND, null))).isEqualTo(2);
        assertThat(count(other, days(Set.of(), Set.of(), null, null))).isEqualTo(2);
        assertAgree(clinic);

        // A message moved to another day (as SQL may do; Parley's own updates never move one).
        db.execute("update message set occurred_at = occurred_at + interval '2 days' where tenant_id = ? and message_id = ?",
                clinic.id(), annsInbound.get(0).id());
        // Moved within its day, and updated as every status report does: no key changes.
        db.execute("update message set occurred_at = occurred_at + interval '10 minutes', status = 'received'"
                + " where tenant_id = ? and message_id = ?", clinic.id(), annsInbound.get(1).id());
        assertThat(count(clinic, days(Set.of(Channel.SMS), Set.of(Direction.INBOUND), FIRST, FIRST))).isEqualTo(2);
        assertAgree(clinic);

        conversations.deleteMessage(clinic.tenantId(), annsInbound.get(2).id());
        assertAgree(clinic);

        // The conversation's messages go by the foreign key's cascade, not by Parley's code.
        conversations.deleteConversation(clinic.tenantId(), beasFirst.conversationId());
        assertThat(count(clinic, days(Set.of(Channel.SMS), Set.of(Direction.INBOUND), THIRD, THIRD))).isEqualTo(1);
        assertAgree(clinic);

        // Bulk SQL: one statement copying the clinic's remaining outbound messages a day later.
        db.execute("""
                insert into message (tenant_id, conversation_id, location_id, channel, direction, body, to_address,
                                     status, occurred_at)
                select tenant_id, conversation_id, location_id, channel, direction, body, to_address, status,
                       occurred_at + interval '1 day'
                from message where tenant_id = ? and direction = 'outbound'""", clinic.id());
        assertThat(count(clinic, days(Set.of(), Set.of(Direction.OUTBOUND), null, null))).isEqualTo(6);
        assertAgree(clinic);
        assertThat(count(other, days(Set.of(), Set.of(), null, null))).isEqualTo(2);
        assertAgree(other);
    }

    @Test
    void theMigrationStartsTheCountersFromTheMessagesAlreadyThere() {
        String schema = "day_backfill_" + System.nanoTime();
        try {
            Flyway.configure().dataSource(dataSource).schemas(schema).target("63").load().migrate();
            db.execute("""
                    insert into %1$s.tenant (name, subdomain, timezone) values ('Old', 'old', 'UTC');
                    insert into %1$s.location (tenant_id, name, timezone, country)
                    select tenant_id, 'Main', 'UTC', 'US' from %1$s.tenant;
                    insert into %1$s.conversation (tenant_id, location_id, channel, counterpart, last_activity_at)
                    select tenant_id, location_id, ch, '+15550001' || ch, now()
                    from %1$s.location, (values ('sms'), ('email')) v(ch);
                    insert into %1$s.message (tenant_id, conversation_id, location_id, channel, direction, body,
                                              to_address, status, occurred_at)
                    select c.tenant_id, c.conversation_id, c.location_id, c.channel,
                           case when g %% 3 = 0 then 'outbound' else 'inbound' end, 'hi', 'x', 'received',
                           timestamptz '2024-10-01 00:00:00+00' + g * interval '5 hours'
                    from %1$s.conversation c, generate_series(1, 40) g;
                    """.formatted(schema));

            Flyway.configure().dataSource(dataSource).schemas(schema).load().migrate();

            var expected = db.fetch("""
                    select (occurred_at at time zone 'UTC')::date, channel, direction, count(*)
                    from %s.message group by 1, 2, 3 order by 1, 2, 3""".formatted(schema));
            var backfilled = db.fetch("""
                    select day, channel, direction, sum(messages)::bigint
                    from %s.message_day_count group by 1, 2, 3 order by 1, 2, 3""".formatted(schema));
            assertThat(expected).hasSizeGreaterThan(20);
            assertThat(backfilled.intoArrays()).isDeepEqualTo(expected.intoArrays());
        } finally {
            db.execute("drop schema if exists " + schema + " cascade");
        }
    }

    private RecordedMessage record(TestTenant clinic, Channel channel, Direction direction, String counterpart, Instant at) {
        String own = channel == Channel.SMS ? clinic.smsNumber() : "front@clinic.example";
        MessageStatus status = direction == Direction.INBOUND ? MessageStatus.RECEIVED : MessageStatus.SENT;
        return conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), channel, direction, counterpart,
                own, null, false, "Hello", null, status, at, null, null, "simulator", null, List.of()));
    }

    private long count(TestTenant clinic, MessageDays days) {
        return conversations.countMessages(clinic.tenantId(), days);
    }

    private static MessageDays days(Set<Channel> channels, Set<Direction> directions, LocalDate from, LocalDate through) {
        return new MessageDays(channels, directions, from, through);
    }

    /** Every combination of channels, directions and day ranges counts by the counters what the messages count. */
    private void assertAgree(TestTenant clinic) {
        List<Set<Channel>> channelSets = List.of(Set.of(), Set.of(Channel.SMS), Set.of(Channel.EMAIL), Set.of(Channel.values()));
        List<Set<Direction>> directionSets = List.of(Set.of(), Set.of(Direction.INBOUND), Set.of(Direction.OUTBOUND));
        List<LocalDate> bounds = new ArrayList<>();
        bounds.add(null);
        for (int d = 0; d < 5; d++) {
            bounds.add(FIRST.plusDays(d));
        }
        for (Set<Channel> channels : channelSets) {
            for (Set<Direction> directions : directionSets) {
                for (LocalDate from : bounds) {
                    for (LocalDate through : bounds) {
                        MessageDays days = days(channels, directions, from, through);
                        assertThat(count(clinic, days)).as(days.toString())
                                .isEqualTo(conversations.countMessages(clinic.tenantId(), asFilter(days)));
                    }
                }
            }
        }
    }

    /** The same days as a filter over the messages themselves, its values inline: one shape for each. */
    private static BoundFilter asFilter(MessageDays days) {
        Condition condition = DSL.noCondition();
        if (!days.channels().isEmpty()) {
            condition = condition.and(MessageColumns.channel().in(days.channels().stream()
                    .map(c -> DSL.inline(c.wireName())).toList()));
        }
        if (!days.directions().isEmpty()) {
            condition = condition.and(MessageColumns.direction().in(days.directions().stream()
                    .map(d -> DSL.inline(d.wireName())).toList()));
        }
        if (days.from() != null) {
            condition = condition.and(MessageColumns.occurredAt().ge(DSL.inline(days.from().atStartOfDay(ZoneOffset.UTC)
                    .toInstant(), MessageColumns.occurredAt())));
        }
        if (days.through() != null) {
            condition = condition.and(MessageColumns.occurredAt().lt(DSL.inline(days.through().plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant(), MessageColumns.occurredAt())));
        }
        return new BoundFilter(days.toString(), condition, java.util.Map.of());
    }
}
