package dev.parley.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates a tenant's history in bulk SQL: contacts with pets, SMS and email threads (15% with unknown
 * numbers), messages spread over weeks with a skewed number per thread, mostly read, and the kept
 * counters computed from them, as Parley itself would have kept them.
 */
final class DataSet {

    private DataSet() {}

    static void generate(Connection db, long tenant, int messages) throws SQLException {
        int threads = Math.max(10, messages / 25);
        int contacts = (int) (threads * 0.85);
        try (Statement sql = db.createStatement()) {
            run(sql, "insert into contact (tenant_id, kind, first_name, last_name, external_id, external_id_type)"
                    + " select " + tenant + ", 'client', 'First' || g, 'Last' || (g % 997), 'B' || g, 'bench'"
                    + " from generate_series(1, " + contacts + ") g");
            run(sql, "insert into contact_phone (tenant_id, contact_id, e164, position)"
                    + " select " + tenant + ", contact_id, '+1555' || lpad(rn::text, 7, '0'), 0"
                    + " from (select contact_id, row_number() over (order by contact_id) rn from contact where tenant_id = "
                    + tenant + ") c");
            run(sql, "insert into contact_email (tenant_id, contact_id, email, position)"
                    + " select tenant_id, contact_id, 'c' || contact_id || '@example.com', 0 from contact where tenant_id = " + tenant);
            run(sql, "insert into pet (tenant_id, contact_id, name, species, deceased, position)"
                    + " select tenant_id, contact_id, 'Pet' || contact_id, 'dog', contact_id % 17 = 0, 0 from contact"
                    + " where tenant_id = " + tenant);
            run(sql, "insert into conversation (tenant_id, location_id, channel, counterpart, contact_id, last_activity_at, status)"
                    + " select " + tenant + ", l.location_id,"
                    + "   case when i % 10 = 0 and c.contact_id is not null then 'email' else 'sms' end,"
                    + "   case when c.contact_id is null then '+1556' || lpad(i::text, 7, '0')"
                    + "        when i % 10 = 0 then 'c' || c.contact_id || '@example.com' else c.e164 end,"
                    + "   c.contact_id, now(), case when i % 7 = 0 then 'resolved' else 'open' end"
                    + " from generate_series(1, " + threads + ") i"
                    + " join (select location_id, row_number() over (order by location_id) - 1 idx from location"
                    + "       where tenant_id = " + tenant + ") l on l.idx = i % 4"
                    + " left join (select contact_id, e164, row_number() over (order by contact_id) rn from contact_phone"
                    + "            where tenant_id = " + tenant + ") c on c.rn = i");
            run(sql, "create temp table bench_thread as select conversation_id, location_id, channel, counterpart,"
                    + " row_number() over (order by conversation_id) rn from conversation where tenant_id = " + tenant);
            run(sql, "create index on bench_thread (rn)");
            List<String> rebuilt = dropSecondaryIndexes(sql, "message");
            List<String> checked = dropForeignKeys(sql, "message");
            run(sql, "insert into message (tenant_id, conversation_id, location_id, channel, direction, automated, body,"
                    + " from_address, to_address, status, provider, provider_message_id, provider_status, occurred_at,"
                    + " created_at, updated_at, read_at)"
                    + " select " + tenant + ", t.conversation_id, t.location_id, t.channel, d.dir,"
                    + "   d.dir = 'outbound' and k % 10 = 0, 'Message ' || k || ': see you at the clinic',"
                    + "   case when d.dir = 'inbound' then t.counterpart else a.address end,"
                    + "   case when d.dir = 'inbound' then a.address else t.counterpart end,"
                    + "   case when d.dir = 'inbound' then 'received' else 'delivered' end, 'twilio', 'SMb' || k,"
                    + "   case when d.dir = 'inbound' then 'received' else 'delivered' end,"
                    + "   d.ts, d.ts, d.ts, case when d.dir = 'inbound' and k < " + (long) (messages * 0.98) + " then d.ts end"
                    + " from generate_series(1, " + messages + ") k"
                    + " cross join lateral (select floor(" + threads + " * power(random() + 0 * k, 2))::int + 1 as rn,"
                    + "   case when random() + 0 * k < 0.5 then 'inbound' else 'outbound' end as dir,"
                    + "   now() - ((" + messages + " - k) * interval '2 second') as ts) d"
                    + " join bench_thread t on t.rn = d.rn"
                    + " join location_address a on a.tenant_id = " + tenant + " and a.location_id = t.location_id"
                    + "   and a.channel = t.channel");
            run(sql, "set local maintenance_work_mem = '256MB'");
            for (String index : rebuilt) {
                run(sql, index);
            }
            for (String key : checked) {
                run(sql, key);
            }
            run(sql, "delete from conversation c where tenant_id = " + tenant
                    + " and not exists (select 1 from message m where m.tenant_id = c.tenant_id"
                    + " and m.conversation_id = c.conversation_id)");
            run(sql, "update conversation c set message_count = s.cnt, unread_count = s.unread, last_message_id = s.last_id,"
                    + " last_message_at = s.last_at, last_activity_at = s.last_at, updated_at = s.last_at,"
                    + " awaiting_reply_since = case when s.last_dir = 'inbound' then s.last_at end"
                    + " from (select conversation_id, count(*) cnt,"
                    + "         count(*) filter (where direction = 'inbound' and read_at is null) unread,"
                    + "         (array_agg(message_id order by occurred_at desc, message_id desc))[1] last_id,"
                    + "         (array_agg(direction order by occurred_at desc, message_id desc))[1] last_dir,"
                    + "         max(occurred_at) last_at"
                    + "       from message where tenant_id = " + tenant + " group by conversation_id) s"
                    + " where c.tenant_id = " + tenant + " and c.conversation_id = s.conversation_id");
            run(sql, "drop table bench_thread");
        }
        try (Statement sql = db.createStatement()) {
            db.setAutoCommit(true);
            run(sql, "vacuum analyze");
            // Write the generated pages out now, not as a checkpoint in the middle of the first measurement.
            run(sql, "checkpoint");
        }
    }

    /**
     * Drops the table's indexes that no constraint needs, answering the statements that build them again. Filling a
     * table and then sorting each index once takes a fraction of the time of adding every row to every index; the
     * unique indexes stay, so the rows are checked as Parley's own writes would be.
     */
    private static List<String> dropSecondaryIndexes(Statement sql, String table) throws SQLException {
        List<String> definitions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (ResultSet r = sql.executeQuery("select c.relname, pg_get_indexdef(i.indexrelid) from pg_index i"
                + " join pg_class c on c.oid = i.indexrelid where i.indrelid = '" + table + "'::regclass"
                + " and not i.indisunique order by c.relname")) {
            while (r.next()) {
                names.add(r.getString(1));
                definitions.add(r.getString(2));
            }
        }
        for (String name : names) {
            sql.execute("drop index " + name);
        }
        return definitions;
    }

    /**
     * Drops the table's foreign keys, answering the statements that add them back. A key added to a filled table
     * checks every row in one join; kept during the insert, it checks them one by one, a query each.
     */
    private static List<String> dropForeignKeys(Statement sql, String table) throws SQLException {
        List<String> additions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (ResultSet r = sql.executeQuery("select conname, pg_get_constraintdef(oid) from pg_constraint"
                + " where conrelid = '" + table + "'::regclass and contype = 'f' order by conname")) {
            while (r.next()) {
                names.add(r.getString(1));
                additions.add("alter table " + table + " add constraint " + r.getString(1) + " " + r.getString(2));
            }
        }
        for (String name : names) {
            sql.execute("alter table " + table + " drop constraint " + name);
        }
        return additions;
    }

    private static void run(Statement sql, String statement) throws SQLException {
        long t0 = System.nanoTime();
        sql.execute(statement);
        System.out.printf("  %-60.60s %6.1f s%n", statement.replaceAll("\\s+", " "), (System.nanoTime() - t0) / 1e9);
    }
}
