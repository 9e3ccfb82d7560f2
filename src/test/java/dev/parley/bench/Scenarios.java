package dev.parley.bench;

import dev.parley.storage.RenderedQuery;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The scenarios of the benchmark, each with its app request, its raw SQL and its raw HTTP twin. */
final class Scenarios {

    /*
     * The lean queries: the fewest columns an inbox row or a message bubble could show, without attachments or
     * receipts. Measured beside the app's own statements (AppStatements) to show what Parley's SQL costs beyond them.
     */
    private static final String LEAN_LIST_SQL = """
            select c.conversation_id, c.location_id, c.channel, c.counterpart, c.contact_id, c.status, c.unread_count,
                   c.message_count, c.last_activity_at, c.awaiting_reply_since, m.message_id, m.body, m.direction, m.status,
                   m.occurred_at, ct.first_name, ct.last_name
            from conversation c
            left join message m on m.tenant_id = c.tenant_id and m.message_id = c.last_message_id
            left join contact ct on ct.tenant_id = c.tenant_id and ct.contact_id = c.contact_id
            where c.tenant_id = ? and (c.last_activity_at, c.conversation_id) < (?, ?)
            order by c.last_activity_at desc, c.conversation_id desc limit 26""";
    private static final String LEAN_THREAD_SQL = """
            select message_id, conversation_id, direction, automated, body, from_address, to_address, status,
                   occurred_at, read_at from message
            where tenant_id = ? and conversation_id = ? and (occurred_at, message_id) < (?, ?)
            order by occurred_at desc, message_id desc limit 26""";

    private final Bench bench;
    private final int messages;
    private final List<Object[]> listCursors = new ArrayList<>();
    private final List<Object[]> threadCursors = new ArrayList<>();
    private int contacts;

    Scenarios(Bench bench, int messages) {
        this.bench = bench;
        this.messages = messages;
    }

    /** Every scenario, in the order they run; list, thread and unread are the ones measured at both scales. */
    static final List<String> ALL = List.of("list", "thread", "unread", "vetportal_clients", "carehq_filter",
            "medchat_odata", "ingest", "status", "send", "send_batch");
    /** The reads measured again at --compare-messages: issue 9 asks their p99 at 10M, and the inbox's scaling. */
    static final List<String> AT_EVERY_SCALE = List.of("list", "thread", "unread", "vetportal_clients", "carehq_filter",
            "medchat_odata");

    void run(List<String> scenarios) throws Exception {
        prepare();
        warmUp();
        Map<String, Step> steps = new LinkedHashMap<>();
        steps.put("list", this::list);
        steps.put("thread", this::thread);
        steps.put("unread", this::unread);
        steps.put("vetportal_clients", this::vetPortalClients);
        steps.put("carehq_filter", this::careHqFilter);
        steps.put("medchat_odata", this::medChatOData);
        steps.put("ingest", this::ingest);
        steps.put("status", this::status);
        steps.put("send", this::send);
        steps.put("send_batch", this::sendBatch);
        for (String scenario : scenarios) {
            System.out.printf("%s: measuring%n", scenario); // the mark a profiler attaches after
            steps.get(scenario).run();
        }
    }

    /**
     * Every kind of request the scenarios send, in turn, from two clients, in rounds of about 9 s (the load
     * generator's own warm-up, then 7 s), until Parley's JIT compiler spent less than 1.5 s of a round compiling
     * (3 rounds at least, 15 at most), before any measurement. The compiler needs about 150 s of compiling after
     * Parley starts (JFR, thirty-first session: 3,900 methods compiled by C2, whose one thread on this 2-core host
     * stayed busy for the mix's first 100 s), and the compiling, not the requests, sets the warm-up's length: rounds
     * cut to their 7 s, or sent from 8 clients after the third, reached the fifteenth round with Parley still
     * compiling for 5–7 s a round, against 2 s. Under 8 clients the compiler got a third of a core, and a mix of
     * inbox reads went from 197 to 875 requests/s over two minutes; two clients leave it most of a core. Each kind is
     * sent as often as the others: CareHQ's list, sent once in four turns while its count was slow, was still being
     * compiled when measured (its JIT 300 of its 1,500 µs of Parley's CPU a request, in two runs of three).
     */
    private void warmUp() throws Exception {
        String medChat = medChatPath();
        AtomicLong sends = new AtomicLong();
        double compiled = bench.compilationMillis();
        for (int round = 1; round <= 15; round++) {
            Load.Result result = Load.run(2, 7, (c, i) -> {
                long k = i / 10;
                int kind = (int) (i % 10);
                switch (kind) {
                    case 0, 1, 2 -> {
                        Object[] list = listCursors.get((int) (k % listCursors.size()));
                        bench.get("/api/v1/conversations?limit=25" + (list[2] == null ? "" : "&cursor=" + list[2]), bench.token());
                    }
                    case 3, 4 -> {
                        Object[] thread = threadCursors.get((int) (k % threadCursors.size()));
                        bench.get("/api/v1/conversations/" + thread[0] + "/messages?limit=25"
                                + (i % 2 == 0 ? "" : "&before=" + thread[3]), bench.token());
                    }
                    case 5 -> bench.get("/api/v1/unread", bench.token());
                    case 6 -> bench.get("/partners/clients?%24top=10", bench.token());
                    case 7 -> bench.get(medChat, bench.token());
                    case 8 -> careHqRequest();
                    default -> {
                        long n = sends.incrementAndGet();
                        bench.post("/api/v1/messages", bench.token(), Map.of("location_id", firstLocation(), "channel", "sms",
                                "to", String.format("+1554%07d", n % 10_000_000), "body", "Warm-up " + n));
                        bench.webhook("/webhooks/twilio/messages", inbound(9_000_000_000L + n, from(n), "+15550000000"));
                        bench.webhook("/webhooks/twilio/status?tenant=" + bench.tenant(), Map.of("MessageSid", "SMw" + n,
                                "MessageStatus", "delivered", "AccountSid", Bench.accountSid(), "ApiVersion", "2010-04-01"));
                        bench.get("/bench/noop", null);
                    }
                }
            });
            double now = bench.compilationMillis();
            System.out.printf("warm-up round %d: %.0f requests/s, %.1f s compiling%n", round, result.opsPerSecond(),
                    (now - compiled) / 1000);
            if (round >= 3 && now - compiled < 1500) {
                break;
            }
            compiled = now;
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private void prepare() throws Exception {
        Connection db = bench.db();
        long t = bench.tenant();
        listCursors.add(new Object[] {Timestamp.from(Instant.parse("9999-01-01T00:00:00Z")), Long.MAX_VALUE, null});
        for (int offset : new int[] {2_000, 10_000, 30_000}) {
            try (PreparedStatement s = db.prepareStatement("select last_activity_at, conversation_id from conversation"
                    + " where tenant_id = ? order by last_activity_at desc, conversation_id desc offset ? limit 1")) {
                s.setLong(1, t);
                s.setInt(2, offset);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        Timestamp at = rs.getTimestamp(1);
                        listCursors.add(new Object[] {at, rs.getLong(2), cursor(at.toInstant(), rs.getLong(2))});
                    }
                }
            }
        }
        try (PreparedStatement s = db.prepareStatement("""
                select m.conversation_id, m.occurred_at, m.message_id from (
                  select conversation_id from conversation where tenant_id = ? and message_count > 60
                  order by conversation_id limit 200) c
                join lateral (select conversation_id, occurred_at, message_id from message
                              where tenant_id = ? and conversation_id = c.conversation_id
                              order by occurred_at desc, message_id desc offset 50 limit 1) m on true""")) {
            s.setLong(1, t);
            s.setLong(2, t);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(2);
                    threadCursors.add(new Object[] {rs.getLong(1), at, rs.getLong(3), cursor(at.toInstant(), rs.getLong(3))});
                }
            }
        }
        try (PreparedStatement s = db.prepareStatement("select count(*) from contact where tenant_id = ?")) {
            s.setLong(1, t);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                contacts = rs.getInt(1);
            }
        }
    }

    private void list() throws Exception {
        List<Load.Result> r = compare((c, i) -> {
            Object[] at = listCursors.get((int) (i % listCursors.size()));
            bench.get("/api/v1/conversations?limit=25" + (at[2] == null ? "" : "&cursor=" + at[2]), bench.token());
        }, (c, i) -> {
            Object[] at = listCursors.get((int) (i % listCursors.size()));
            rawList(bench.db(), at[2] == null ? null : (Timestamp) at[0], (Long) at[1]);
        }, noOpGet(), (c, i) -> {
            Object[] at = listCursors.get((int) (i % listCursors.size()));
            try (PreparedStatement s = bench.db().prepareStatement(LEAN_LIST_SQL)) {
                s.setLong(1, bench.tenant());
                s.setTimestamp(2, (Timestamp) at[0]);
                s.setLong(3, (Long) at[1]);
                Bench.query(s);
            }
        });
        bench.record("list", messages, r.get(0), r.get(1), r.get(2), r.get(3));
    }

    /** What a list request runs, over JDBC: the page with its contacts' names and its last messages. */
    private void rawList(Connection db, Timestamp at, long id) throws Exception {
        try (PreparedStatement s = db.prepareStatement(at == null ? AppStatements.listFirst(26) : AppStatements.listAfter(26))) {
            int p = 1;
            s.setLong(p++, bench.tenant());
            if (at != null) {
                s.setTimestamp(p++, at);
                s.setLong(p, id);
            }
            Bench.query(s); // 26 rows: the last only tells whether there is a next page
        }
    }

    private void thread() throws Exception {
        List<Load.Result> r = compare((c, i) -> {
            Object[] at = threadCursors.get((int) (i % threadCursors.size()));
            bench.get("/api/v1/conversations/" + at[0] + "/messages?limit=25" + (i % 2 == 0 ? "" : "&before=" + at[3]),
                    bench.token());
        }, (c, i) -> {
            Object[] at = threadCursors.get((int) (i % threadCursors.size()));
            boolean first = i % 2 == 0;
            try (PreparedStatement s = bench.db().prepareStatement(first ? AppStatements.threadFirst(26) : AppStatements.threadBefore(26))) {
                int p = 1;
                s.setLong(p++, bench.tenant());
                s.setLong(p++, (Long) at[0]);
                if (!first) {
                    s.setTimestamp(p++, (Timestamp) at[1]);
                    s.setLong(p, (Long) at[2]);
                }
                Bench.query(s);
            }
        }, noOpGet(), (c, i) -> {
            Object[] at = threadCursors.get((int) (i % threadCursors.size()));
            try (PreparedStatement s = bench.db().prepareStatement(LEAN_THREAD_SQL)) {
                s.setLong(1, bench.tenant());
                s.setLong(2, (Long) at[0]);
                s.setTimestamp(3, i % 2 == 0 ? Timestamp.from(Instant.parse("9999-01-01T00:00:00Z")) : (Timestamp) at[1]);
                s.setLong(4, i % 2 == 0 ? Long.MAX_VALUE : (Long) at[2]);
                Bench.query(s);
            }
        });
        bench.record("thread", messages, r.get(0), r.get(1), r.get(2), r.get(3));
    }

    private void unread() throws Exception {
        List<Load.Result> r = compare((c, i) -> bench.get("/api/v1/unread", bench.token()), (c, i) -> {
            try (PreparedStatement s = bench.db().prepareStatement(AppStatements.UNREAD_TOTALS)) {
                s.setLong(1, bench.tenant());
                Bench.query(s);
            }
        }, noOpGet());
        bench.record("unread", messages, r.get(0), r.get(1), r.get(2));
    }

    private void vetPortalClients() throws Exception {
        List<Load.Result> r = compare((c, i) -> bench.get("/partners/clients?%24top=10", bench.token()),
                (c, i) -> rawClients(bench.db(), 10), noOpGet());
        bench.record("vetportal_clients", messages, r.get(0), r.get(1), r.get(2));
    }

    /**
     * What the vet portal's client list runs, over JDBC: one batch of the walk (32 threads give a page of 10
     * clients here), kept to the newest thread of each client or unknown number; which of them have something
     * unread; their last messages; their contacts.
     */
    private void rawClients(Connection db, int top) throws Exception {
        Map<String, Object[]> newest = new LinkedHashMap<>();
        try (PreparedStatement s = db.prepareStatement(AppStatements.CLIENT_WALK)) {
            s.setLong(1, bench.tenant());
            s.setString(2, "sms");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && newest.size() < top) {
                    long contact = rs.getLong(2);
                    boolean known = !rs.wasNull();
                    newest.putIfAbsent(known ? "contact:" + contact : "address:" + rs.getString(3),
                            new Object[] {known ? contact : null, rs.getString(3), rs.getLong(4)});
                }
            }
        }
        List<Long> contactIds = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<Long> messageIds = new ArrayList<>();
        for (Object[] row : newest.values()) {
            if (row[0] != null) {
                contactIds.add((Long) row[0]);
            } else {
                unknown.add((String) row[1]);
            }
            messageIds.add((Long) row[2]);
        }
        try (PreparedStatement s = db.prepareStatement(AppStatements.CLIENTS_UNREAD)) {
            s.setLong(1, bench.tenant());
            s.setString(2, "sms");
            s.setArray(3, db.createArrayOf("bigint", RenderedQuery.anyOf(contactIds, Long[]::new)));
            s.setArray(4, db.createArrayOf("text", RenderedQuery.anyOf(unknown, String[]::new)));
            Bench.query(s);
        }
        try (PreparedStatement s = db.prepareStatement(AppStatements.LAST_MESSAGES)) {
            s.setLong(1, bench.tenant());
            s.setArray(2, db.createArrayOf("bigint", RenderedQuery.anyOf(messageIds, Long[]::new)));
            Bench.query(s);
        }
        if (contactIds.isEmpty()) {
            return;
        }
        try (PreparedStatement s = db.prepareStatement(AppStatements.CONTACT_CARDS)) {
            bindContacts(db, s, contactIds);
            Bench.query(s);
        }
    }

    /** The start of CareHQ's filter: two days ago. */
    private static java.time.LocalDate careHqStart() {
        return java.time.LocalDate.now(java.time.ZoneId.of("America/New_York")).minusDays(2);
    }

    /** CareHQ's message list, filtered by channel, direction and a start date, newest first, signed. */
    private void careHqRequest() throws Exception {
        java.time.LocalDate start = careHqStart();
        bench.careHq("/v1/messages?filters-channel=sms&filters-direction=inbound&filters-start_date=" + start
                        + "&sort_by=-date_time&per_page=25", bench.careHqCredential(), "/v1/messages",
                List.of("filters-channel=sms", "filters-direction=inbound", "filters-start_date=" + start, "per_page=25",
                        "sort_by=-date_time"));
    }

    private void careHqFilter() throws Exception {
        java.time.LocalDate start = careHqStart();
        long credentialId = careHqCredentialId(bench.db());
        // CareHQ's start_date is a UTC day (ADR 0011).
        java.time.OffsetDateTime since = start.atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
        List<Load.Result> r = compare((c, i) -> careHqRequest(), (c, i) -> {
            Connection db = bench.db();
            admitCareHq(db, credentialId);
            db.setReadOnly(true);
            db.setAutoCommit(false);
            try (java.sql.Statement s = db.createStatement()) {
                s.execute(AppStatements.CAREHQ_SNAPSHOT);
            }
            try (PreparedStatement s = db.prepareStatement(AppStatements.CAREHQ_DAY_COUNT)) {
                s.setLong(1, bench.tenant());
                s.setObject(2, start);
                Bench.query(s);
            }
            try (PreparedStatement s = db.prepareStatement(AppStatements.CAREHQ_IDS_PAGE)) {
                bindCareHqFilter(s, since);
                Bench.query(s);
            }
            db.commit();
            db.setAutoCommit(true);
            db.setReadOnly(false);
        }, noOpGet());
        bench.record("carehq_filter", messages, r.get(0), r.get(1), r.get(2));
    }

    /** The bench credential's id, as Parley finds it for the app's requests (issued on first use). */
    private long careHqCredentialId(Connection db) throws Exception {
        try (PreparedStatement s = db.prepareStatement(AppStatements.CAREHQ_CREDENTIAL)) {
            s.setLong(1, bench.tenant());
            s.setString(2, bench.careHqCredential().apiKey());
            s.setString(3, "carehq");
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the bench's CareHQ credential is not in the database");
                }
                return rs.getLong(1);
            }
        }
    }

    /** What the app runs before it reads: the admission of a new nonce of the (live) credential. */
    private void admitCareHq(Connection db, long credentialId) throws Exception {
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
        Object[] values = {bench.tenant(), credentialId, bench.tenant(), credentialId, nonce, now, now.minusMinutes(5),
                bench.tenant(), credentialId, 1.0, 1.0};
        try (PreparedStatement s = db.prepareStatement(AppStatements.CAREHQ_ADMIT)) {
            for (int v = 0; v < values.length; v++) {
                s.setObject(v + 1, values[v]);
            }
            if (Bench.query(s) != 1) {
                throw new IllegalStateException("a new nonce was not admitted");
            }
        }
    }

    /** The tenant, channel, direction and start of the CareHQ filter, bound as jOOQ binds them (times as OffsetDateTime). */
    private void bindCareHqFilter(PreparedStatement s, java.time.OffsetDateTime since) throws Exception {
        s.setLong(1, bench.tenant());
        s.setString(2, "sms");
        s.setObject(3, since);
    }

    /** Binds the tenant, then each contact id: the contact statements' parameters. */
    private void bindContacts(Connection db, PreparedStatement s, java.util.Collection<Long> contactIds) throws Exception {
        s.setLong(1, bench.tenant());
        s.setArray(2, db.createArrayOf("bigint", RenderedQuery.anyOf(contactIds, Long[]::new)));
    }

    /** MedChat's active chats with a message in the last three days, newest first. */
    private String medChatPath() {
        return medChatPath(Instant.now().minus(Duration.ofDays(3)));
    }

    private String medChatPath(Instant since) {
        String filter = java.net.URLEncoder.encode("Status eq 'Active' and LastMessageDateTime ge " + since, StandardCharsets.UTF_8);
        return "/smschatapi/external/orgs/" + bench.tenant() + "/smsChats?%24filter=" + filter
                + "&%24orderby=LastMessageDateTime%20desc&%24top=25";
    }

    private void medChatOData() throws Exception {
        Instant since = Instant.now().minus(Duration.ofDays(3));
        String path = medChatPath(since);
        List<Load.Result> r = compare((c, i) -> bench.get(path, bench.token()), (c, i) -> rawMedChat(bench.db(), since),
                noOpGet());
        bench.record("medchat_odata", messages, r.get(0), r.get(1), r.get(2));
    }

    /** What MedChat's chat list runs, over JDBC: the chats with their contacts' names and their locations' numbers. */
    private void rawMedChat(Connection db, Instant since) throws Exception {
        try (PreparedStatement s = db.prepareStatement(AppStatements.MEDCHAT_CHATS)) {
            s.setLong(1, bench.tenant());
            s.setLong(2, bench.tenant());
            s.setTimestamp(3, Timestamp.from(since));
            Bench.query(s);
        }
    }

    private void ingest() throws Exception {
        AtomicLong sids = new AtomicLong();
        String body = Bench.form(inbound(1, "+15551234567", "+15550000000"));
        List<Load.Result> r = compare((c, i) -> {
            long n = sids.incrementAndGet();
            boolean duplicate = n % 20 == 0 && n > 1;
            bench.webhook("/webhooks/twilio/messages", inbound(duplicate ? n - 1 : n, from(n), "+15550000000"));
        }, (c, i) -> {
            long n = sids.incrementAndGet();
            rawIngest(bench.db(), from(n), "raw" + n);
        }, noOpPost(body));
        bench.record("ingest", messages, r.get(0), r.get(1), r.get(2));
    }

    private void status() throws Exception {
        String body = Bench.form(Map.of("MessageSid", "SMb1", "MessageStatus", "delivered", "AccountSid", Bench.accountSid(),
                "ApiVersion", "2010-04-01"));
        List<Load.Result> r = compare((c, i) -> {
            long k = 1 + ThreadLocalRandom.current().nextLong(messages);
            bench.webhook("/webhooks/twilio/status?tenant=" + bench.tenant(), Map.of("MessageSid", "SMb" + k,
                    "MessageStatus", "delivered", "AccountSid", Bench.accountSid(), "ApiVersion", "2010-04-01"));
        }, (c, i) -> {
            long k = 1 + ThreadLocalRandom.current().nextLong(messages);
            try (PreparedStatement s = bench.db().prepareStatement("update message set status = 'delivered',"
                    + " provider_status = 'delivered', updated_at = now() where tenant_id = ? and provider = 'twilio'"
                    + " and provider_message_id = ? and status in ('queued', 'sending', 'sent')")) {
                s.setLong(1, bench.tenant());
                s.setString(2, "SMb" + k);
                s.executeUpdate();
            }
        }, noOpPost(body));
        bench.record("status", messages, r.get(0), r.get(1), r.get(2));
    }

    private void send() throws Exception {
        measureSends("send", singleSends("+1553"), singleSends("+1557"), 1);
    }

    /**
     * As {@link #send}, in batches of 100 through {@code POST /api/v1/messages/batch}, as a reminder system would
     * send; p50 and p99 are those of a batch.
     */
    private void sendBatch() throws Exception {
        measureSends("send_batch", batchSends("+1552"), batchSends("+1556"), 100);
    }

    /**
     * Warms {@code kind} up, then sends from every client for the run's seconds and waits until the outbox has
     * drained: the messages handed to the provider a second, end to end.
     */
    private void measureSends(String kind, Load.Operation warmUp, Load.Operation sends, int messagesPerRequest)
            throws Exception {
        warmSends(kind, warmUp);
        long handedBefore = bench.handedToProvider();
        long t0 = System.nanoTime();
        CpuMeter.Reading cpu0 = bench.cpu().read();
        Load.Result api = Load.run(bench.clients(), bench.seconds(), sends);
        awaitDrained(t0);
        long delivered = bench.handedToProvider() - handedBefore;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %,d requests of %d accepted, %.0f messages/s; %,d handed to the provider, %.0f messages/s"
                + " end to end%n", kind, api.operations(), messagesPerRequest, api.opsPerSecond() * messagesPerRequest,
                delivered, delivered / elapsed);
        bench.record(kind, messages, endToEnd(delivered, elapsed, api, cpu0), null, null);
    }

    /**
     * Sends (one at a time or in batches) from every client in rounds of 3 s, each drained, until a round in which
     * Parley's compiler worked for less than 5% of it (2 rounds at least, 10 at most). The mixed warm-up sends too
     * little for the send path: held after it, a node's CPU per message sent kept falling for minutes (12 ms, then
     * 1.9 ms after 3 minutes of sends), as its compiler finished the send and delivery code. The rule this replaces,
     * two rounds in a row within 5% of the rate before, ended on the rate's noise: three default runs measured
     * {@code send} with Parley's compiler at 8, 139 and 310 µs a message, after seven to ten rounds of 5 s, and the
     * batch path, not warmed at all, at 131–185.
     */
    private void warmSends(String kind, Load.Operation sends) throws Exception {
        for (int round = 1; round <= 10; round++) {
            long handedBefore = bench.handedToProvider();
            double compiledBefore = bench.compilationMillis();
            long t0 = System.nanoTime();
            Load.run(bench.clients(), 3, sends);
            awaitDrained(t0);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double compiled = bench.compilationMillis() - compiledBefore;
            System.out.printf("%s warm-up round %d: %.0f messages/s end to end, Parley compiling for %.0f ms%n", kind,
                    round, (bench.handedToProvider() - handedBefore) / seconds, compiled);
            if (round >= 2 && compiled < seconds * 1000 * 0.05) {
                return;
            }
        }
    }

    /** Sends of one message each, to numbers starting with {@code prefix}, none sent to before in this run. */
    private Load.Operation singleSends(String prefix) {
        AtomicLong sent = new AtomicLong();
        return (c, i) -> {
            bench.post("/api/v1/messages", bench.token(), reminder(prefix, sent.incrementAndGet()));
        };
    }

    /** Batches of 100 sends through {@code POST /api/v1/messages/batch}, to numbers starting with {@code prefix}. */
    private Load.Operation batchSends(String prefix) {
        AtomicLong sent = new AtomicLong();
        return (c, i) -> {
            List<Map<String, Object>> batch = new ArrayList<>(100);
            for (int k = 0; k < 100; k++) {
                batch.add(reminder(prefix, sent.incrementAndGet()));
            }
            int accepted = bench.post("/api/v1/messages/batch", bench.token(), Map.of("messages", batch)).get("accepted").asInt();
            if (accepted != batch.size()) {
                throw new IllegalStateException("a batch of " + batch.size() + " had " + accepted + " accepted");
            }
        };
    }

    /** The {@code n}th reminder sent to numbers starting with {@code prefix}: each number its own, up to ten million. */
    private Map<String, Object> reminder(String prefix, long n) throws Exception {
        return Map.of("location_id", firstLocation(), "channel", "sms",
                "to", prefix + String.format("%07d", n % 10_000_000), "body", "Reminder " + n);
    }

    /**
     * A send measurement: messages handed over per second, the API's latencies, and the CPU per message handed over,
     * both counted from the first send (the load's own warm-up included) to the drained outbox.
     */
    private Load.Result endToEnd(long delivered, double elapsed, Load.Result api, CpuMeter.Reading before) {
        CpuMeter.Reading used = bench.cpu().read().since(before);
        return new Load.Result(delivered / elapsed, api.p50Millis(), api.p99Millis(), delivered, used, api.statements());
    }

    /** Waits until the outbox has no pending or in-flight job left (at most five minutes after {@code t0}). */
    private void awaitDrained(long t0) throws Exception {
        long pending;
        do {
            Thread.sleep(100);
            try (PreparedStatement s = bench.db().prepareStatement(
                    "select count(*) from delivery_job where tenant_id = ? and state in ('pending', 'in_flight')")) {
                s.setLong(1, bench.tenant());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    pending = rs.getLong(1);
                }
            }
        } while (pending > 0 && System.nanoTime() - t0 < Duration.ofMinutes(5).toNanos());
    }

    private Long firstLocation = null;

    private long firstLocation() throws Exception {
        if (firstLocation == null) {
            try (PreparedStatement s = bench.db().prepareStatement("select min(location_id) from location where tenant_id = ?")) {
                s.setLong(1, bench.tenant());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    firstLocation = rs.getLong(1);
                }
            }
        }
        return firstLocation;
    }

    /**
     * Measures a scenario's app requests, its raw SQL, its no-op and any further twins in turns (see
     * {@link Load#compare}), their results in that order. The app's requests are counted from here, so that the
     * no-op is sent as large as they were on average and answers as many bytes as they were answered with.
     */
    private List<Load.Result> compare(Load.Operation app, Load.Operation sql, Load.Operation noOp, Load.Operation... more)
            throws Exception {
        bench.countBytes();
        List<Load.Operation> sides = new ArrayList<>(List.of(app, sql, noOp));
        sides.addAll(List.of(more));
        return Load.compare(bench.clients(), bench.seconds(), sides);
    }

    /** The no-op GET, as large as the scenario's app requests so far were on average. */
    private Load.Operation noOpGet() {
        return (c, i) -> bench.noOp("GET", null, null, bench.meanRequestBytes(), bench.meanAnswerBytes());
    }

    /** The no-op POST of a form, as large as the scenario's app requests so far were on average. */
    private Load.Operation noOpPost(String form) {
        return (c, i) -> bench.noOp("POST", form, "application/x-www-form-urlencoded", bench.meanRequestBytes(),
                bench.meanAnswerBytes());
    }

    private String from(long n) {
        return n % 4 == 0 ? String.format("+1558%07d", n % 10_000_000)
                : String.format("+1555%07d", 1 + ThreadLocalRandom.current().nextInt(Math.max(1, contacts)));
    }

    private Map<String, String> inbound(long sid, String from, String to) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", "SMi" + sid);
        params.put("NumMedia", "0");
        params.put("SmsSid", "SMi" + sid);
        params.put("SmsStatus", "received");
        params.put("Body", "Is Pet" + sid + " ready for pickup?");
        params.put("To", to);
        params.put("NumSegments", "1");
        params.put("MessageSid", "SMi" + sid);
        params.put("AccountSid", Bench.accountSid());
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    /** The ingest transaction written by hand: upsert the thread, insert the message, bump the counters. */
    private void rawIngest(Connection db, String from, String sid) throws Exception {
        db.setAutoCommit(false);
        try {
            long conversation;
            Instant now = Instant.now();
            try (PreparedStatement s = db.prepareStatement("insert into conversation (tenant_id, location_id, channel,"
                    + " counterpart, last_activity_at) values (?, (select min(location_id) from location where tenant_id = ?),"
                    + " 'sms', ?, ?) on conflict (tenant_id, location_id, channel, counterpart) do update set"
                    + " updated_at = now() returning conversation_id")) {
                s.setLong(1, bench.tenant());
                s.setLong(2, bench.tenant());
                s.setString(3, from);
                s.setTimestamp(4, Timestamp.from(now));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    conversation = rs.getLong(1);
                }
            }
            long message;
            try (PreparedStatement s = db.prepareStatement("insert into message (tenant_id, conversation_id, location_id,"
                    + " channel, direction, body, from_address, to_address, status, provider, provider_message_id, occurred_at)"
                    + " values (?, ?, (select min(location_id) from location where tenant_id = ?), 'sms', 'inbound', ?, ?,"
                    + " '+15550000000', 'received', 'twilio', ?, ?) returning message_id")) {
                s.setLong(1, bench.tenant());
                s.setLong(2, conversation);
                s.setLong(3, bench.tenant());
                s.setString(4, "Is it ready?");
                s.setString(5, from);
                s.setString(6, sid);
                s.setTimestamp(7, Timestamp.from(now));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    message = rs.getLong(1);
                }
            }
            try (PreparedStatement s = db.prepareStatement("update conversation set message_count = message_count + 1,"
                    + " unread_count = unread_count + 1, last_message_id = ?, last_message_at = ?, last_activity_at = ?,"
                    + " awaiting_reply_since = coalesce(awaiting_reply_since, ?) where tenant_id = ? and conversation_id = ?")) {
                s.setLong(1, message);
                s.setTimestamp(2, Timestamp.from(now));
                s.setTimestamp(3, Timestamp.from(now));
                s.setTimestamp(4, Timestamp.from(now));
                s.setLong(5, bench.tenant());
                s.setLong(6, conversation);
                s.executeUpdate();
            }
            db.commit();
        } catch (Exception e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** Parley's cursor format (an opaque string to clients): base64url of "seconds.nanos:id". */
    private static String cursor(Instant at, long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (at.getEpochSecond() + "." + at.getNano() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }
}
