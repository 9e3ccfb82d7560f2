package dev.parley.dialects.carehq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.ContactKind;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.SqlCounter;
import dev.parley.testing.QueryCounter.Executed;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pages integrators ask for most read a tenant's messages through an index in the order asked, rather
 * than sorting the tenant's whole history: by id (the default), newest first, and modified since a time. The
 * count behind {@code item_count} sums the day counters for whole days of some channels and directions (ADR 0028),
 * and otherwise joins the conversation only when a filter needs it (ADR 0017).
 */
@ParleyIntegrationTest
class CareHqPlanTest {

    /** A plan node that reads the conversation table (not one of message's indexes named after it). */
    private static final String ON_CONVERSATION = "(?m) on conversation(\\s|$)";
    /** A plan node that reads the message table. */
    private static final String ON_MESSAGE = "(?m) on message(\\s|$)";

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    Contacts contacts;

    @Autowired
    DSLContext db;

    @Autowired
    QueryCounter queries;

    @Autowired
    SqlCounter sql;

    @Autowired
    TransactionTemplate transactions;

    CareHqFixture f;

    @BeforeEach
    void setUp() {
        f = new CareHqFixture(new Http(port), conversations, contacts, db);
        for (int i = 0; i < 30; i++) {
            f.message().when(Instant.parse("2024-10-03T08:00:00Z").plusSeconds(i * 60L)).id();
        }
        db.execute("analyze message");
        db.execute("analyze conversation");
    }

    @Test
    void theDefaultOrderReadsThePrimaryKey() {
        assertThat(plan("page", "2")).contains("message_pkey").doesNotContainPattern("(?m)^\\s*(->\\s*)?Sort");
    }

    @Test
    void newestFirstReadsTheTimeIndex() {
        assertThat(plan("sort_by", "-date_time")).contains("message_tenant_time_idx")
                .doesNotContainPattern("(?m)^\\s*(->\\s*)?Sort");
    }

    /**
     * The newest inbound messages of a channel read only those: a campaign's outbound messages, newer than every
     * reply, are not stepped over on the way to a page of replies (ADR 0035).
     */
    @ParameterizedTest(name = "attributes={0}")
    @ValueSource(strings = {"_id", "content"})
    void theNewestRepliesOnAChannelReadOnlyReplies(String attributes) {
        addOutboundAfter(f.message().when(Instant.parse("2024-10-03T09:00:00Z")).id(), 300);

        String plan = explainedPage("explain (analyze, costs off)", "filters-channel", "sms", "filters-direction",
                "inbound", "sort_by", "-date_time", "attributes", attributes);

        assertThat(plan).contains("message_inbound_time_idx").doesNotContain("Rows Removed by Filter")
                .doesNotContainPattern("(?m)^\\s*(->\\s*)?Sort");
    }

    /**
     * A page of ids alone, the default, whose filter and order an index of the message's own columns serves, is
     * read from that index and nothing else: no message row, no conversation.
     */
    @Test
    void aPageOfIdsReadsOnlyItsIndex() {
        db.execute("vacuum analyze message");

        String plan = plan("filters-channel", "sms", "filters-direction", "inbound", "filters-start_date",
                "2024-10-03", "sort_by", "-date_time");

        assertThat(plan).contains("Index Only Scan Backward using message_inbound_time_idx on message")
                .doesNotContainPattern(ON_CONVERSATION);
    }

    /**
     * An integration polling for what changed since its last poll asks for the last minute's changes in the
     * default order, over and over on the same connections. PostgreSQL, left to itself, keeps a generic plan after
     * five of them, one that reads the tenant's messages in id order and filters each: a poll would then cost the
     * whole history. The request plans its page and count for each poll's time instead, which lets the planner
     * see that the time is recent and few messages changed since (ADR 0036).
     */
    @Test
    void aPollForTheLastMinutesChangesIsPlannedForItsMinuteEveryTime() {
        // 30,000 messages sent long ago, of which the last 300 (and the fixture's 31) changed a moment ago.
        addOutboundAfter(f.message().when(Instant.parse("2024-10-03T09:00:00Z")).id(), 30_000);
        db.execute("""
                update message set updated_at = now() where tenant_id = ? and message_id in (
                    select message_id from message where tenant_id = ? order by message_id desc limit 300)""",
                f.tenant.tenantId().value(), f.tenant.tenantId().value());
        db.execute("analyze message");
        String[] poll = {"filters-modified_after", LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))};

        String page = replayed(8, CareHqPlanTest::isPage, poll);
        String count = replayed(8, CareHqPlanTest::isCount, poll);
        // In the modified order the page reads from its bound whatever it is, but the count still depends on it.
        String countInItsOrder = replayed(8, CareHqPlanTest::isCount, poll[0], poll[1], "sort_by", "modified");

        // Planned for the poll's own time: the time is in the plan, where a generic plan has a parameter.
        assertThat(page).contains("(updated_at >= '").doesNotContain("$1");
        assertThat(count).contains("(updated_at >= '").doesNotContain("$1");
        assertThat(countInItsOrder).contains("(updated_at >= '").doesNotContain("$1");
    }

    /**
     * The newest replies on a channel since a day are served alike whatever the day: their page is planned once
     * per connection, and the plan it keeps still reads only the replies' own index (ADRs 0035 and 0036).
     */
    @Test
    void theNewestRepliesArePlannedOnceOnTheirOwnIndex() {
        addOutboundAfter(f.message().when(Instant.parse("2024-10-03T09:00:00Z")).id(), 300);

        String plan = replayed(8, CareHqPlanTest::isPage, "filters-channel", "sms", "filters-direction", "inbound",
                "filters-start_date", "2024-10-03", "sort_by", "-date_time");

        // Generic (its values are parameters); the scan starts at the day, among the replies alone, filtering none.
        String replies = "(?m)using message_inbound_time_idx on message .*\\n\\s+Index Cond: \\(\\(tenant_id = \\$1\\) "
                + "AND \\(channel = \\$2\\) AND \\(occurred_at >= \\$3\\)\\)$";
        assertThat(plan).containsPattern(replies).doesNotContainPattern(replies + "\\n\\s+Filter");
    }

    @Test
    void modifiedSinceReadsTheModifiedIndex() {
        assertThat(plan("filters-modified_after", "2024-10-03 00:00:00", "sort_by", "modified"))
                .contains("message_modified_idx");
    }

    /**
     * item_count for whole days of a channel and direction (the common "recent inbound SMS" shape) is a sum of the
     * day counters: no message is read, however many there are (ADR 0028).
     */
    @Test
    void aCountOfWholeDaysReadsOnlyTheDayCounters() {
        String plan = countPlan("filters-channel", "sms", "filters-direction", "inbound", "filters-start_date", "2024-10-03");
        assertThat(plan).contains("message_day_count_pkey").doesNotContainPattern(ON_MESSAGE)
                .doesNotContainPattern(ON_CONVERSATION);
    }

    /**
     * A filter on anything but days, channel and direction counts the messages themselves. Which of message's
     * tenant-led indexes serves the count on these few rows is the planner's choice, so only the table is checked.
     */
    @Test
    void aCountByOtherColumnsReadsTheMessages() {
        assertThat(countPlan("filters-channel", "sms", "filters-delivery_status", "sent", "filters-start_date",
                "2024-10-03")).containsPattern(ON_MESSAGE).doesNotContain("message_day_count")
                .doesNotContainPattern(ON_CONVERSATION);
    }

    /** A count by contact or correspondent reads the conversation's contact and counterpart, so it joins them. */
    @Test
    void aCountByContactOrCorrespondentJoinsTheConversation() {
        String number = TestTenant.uniqueNumber();
        long ann = f.contact(ContactKind.SERVICE_USER, "Ann", "Lindqvist", number);
        f.message().sms(number).with(ann).id();

        assertThat(countPlan("filters-service_user", CareHqFixture.hex(ann), "filters-channel", "sms"))
                .containsPattern(ON_CONVERSATION);
        assertThat(countPlan("filters-q", "lindqvist")).containsPattern(ON_CONVERSATION);
    }

    /**
     * The count and the page are read from one snapshot: the statement just before the count makes the request's
     * transaction repeatable-read (without it, a message recorded between the two would make them disagree).
     */
    @Test
    void theCountAndThePageReadOneSnapshot() {
        List<String> statements = queries.executedDuring(() -> f.ids("page", "1")).stream().map(Executed::sql).toList();
        int count = statements.stream().filter(CareHqPlanTest::isCount).findFirst().map(statements::indexOf)
                .orElseThrow(() -> new AssertionError("no count among " + statements));

        assertThat(statements.get(count - 1)).startsWith("set transaction isolation level repeatable read;");
        assertThat(statements.subList(count + 1, statements.size())).anyMatch(CareHqPlanTest::isPage);
    }

    /**
     * A filtered page and its count run SQL that jOOQ rendered once for the filter's shape: a second request of the
     * same shape, with other values, renders nothing and still finds its own messages.
     */
    @Test
    void theCountAndThePageAreRenderedOncePerShapeOfFilter() {
        String number = TestTenant.uniqueNumber();
        f.message().sms(number).when(Instant.parse("2024-10-04T08:00:00Z")).id();
        f.ids("filters-q", "no such text", "filters-modified_after", "2024-10-01 00:00:00");

        List<Executed> ran = new ArrayList<>();
        List<String> renderedByJooq = sql.statementsDuring(() -> ran.addAll(queries.executedDuring(() -> assertThat(
                f.ids("filters-q", number.substring(2), "filters-modified_after", "2024-10-02 00:00:00")).hasSize(1))));

        assertThat(ran).anyMatch(s -> isCount(s.sql())).anyMatch(s -> isPage(s.sql()));
        // Every statement of the request was rendered once or is sent as written, the snapshot's included.
        assertThat(renderedByJooq).isEmpty();
    }

    /** {@code outbound} SMS in the conversation of a message, a second apart after it, as a campaign would send. */
    private void addOutboundAfter(long messageId, int outbound) {
        db.execute("""
                insert into message (tenant_id, conversation_id, location_id, channel, direction, body, to_address,
                                     status, occurred_at, updated_at)
                select tenant_id, conversation_id, location_id, 'sms', 'outbound', 'Reminder', from_address, 'sent',
                       occurred_at + g * interval '1 second', occurred_at + g * interval '1 second'
                from message, generate_series(1, ?) g
                where tenant_id = ? and message_id = ?""", outbound, f.tenant.tenantId().value(), messageId);
        db.execute("analyze message");
    }

    /** The plan of one of a list request's statements the {@code times}-th time it runs on one connection. */
    private String replayed(int times, Predicate<String> which, String... parameters) {
        List<Executed> statements = queries.executedDuring(() -> f.ids(parameters));
        Executed chosen = statements.stream().filter(s -> which.test(s.sql()))
                .findFirst().orElseThrow(() -> new AssertionError("no such statement among " + statements));
        List<Executed> before = statements.subList(0, statements.indexOf(chosen));
        return transactions.execute(tx -> db.connectionResult(c -> chosen.planOnExecution(c, before, times)));
    }

    /** A page's statement, of ids alone or of whole messages: the one that reads the messages from an offset. */
    private static boolean isPage(String sql) {
        return sql.contains("from \"message\"") && sql.contains(" offset ");
    }

    private static boolean isCount(String sql) {
        return sql.contains("count(*)") || sql.contains("message_day_count");
    }

    /** The SQL of the query that counted the matches for a list request with these parameters, then its plan. */
    private String countPlan(String... parameters) {
        db.execute("vacuum analyze message");
        List<Executed> statements = queries.executedDuring(() -> f.ids(parameters));
        Executed count = statements.stream().filter(s -> isCount(s.sql()))
                .findFirst().orElseThrow(() -> new AssertionError("no count among " + statements));
        return transactions.execute(tx -> {
            // Forbidding a scan of the whole table and a bitmap over it shows which index serves the count.
            db.execute("set local enable_seqscan = off");
            db.execute("set local enable_bitmapscan = off");
            return db.connectionResult(connection -> count.explain(connection, "explain"));
        });
    }

    /** The SQL of the query that read the page's messages for a list request with these parameters, then its plan. */
    private String plan(String... parameters) {
        return explainedPage("explain", parameters);
    }

    /** As {@link #plan(String...)}, explained with the given command ({@code explain (analyze)} runs it). */
    private String explainedPage(String explain, String... parameters) {
        List<Executed> statements = queries.executedDuring(() -> f.ids(parameters));
        Executed page = statements.stream()
                .filter(s -> isPage(s.sql()))
                .findFirst().orElseThrow(() -> new AssertionError("no page query among " + statements));
        return transactions.execute(tx -> {
            // On tables this small the planner may prefer to scan and sort; forbidding both shows that an index
            // serves the query in the order asked (a plan that must still sort would keep its Sort node).
            db.execute("set local enable_seqscan = off");
            db.execute("set local enable_sort = off");
            return db.connectionResult(connection -> page.explain(connection, explain));
        });
    }
}
