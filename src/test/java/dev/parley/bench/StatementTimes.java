package dev.parley.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's own account of where its time went in a measurement ({@code --statements N}): pg_stat_statements
 * before and after, each statement's calls, plans and milliseconds of executing and planning in between, the
 * costliest first. Planning is tracked, which costs a little, so it is on only when asked for.
 */
final class StatementTimes implements AutoCloseable {

    private final Connection db;
    private final int top;

    private StatementTimes(Connection db, int top) {
        this.db = db;
        this.top = top;
    }

    /** Turns on pg_stat_statements, planning included, in the database at this URL. */
    static StatementTimes of(String jdbcUrl, int top) throws SQLException {
        Connection db = DriverManager.getConnection(jdbcUrl);
        try (Statement s = db.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            s.execute("alter system set pg_stat_statements.track_planning = on");
            s.execute("select pg_reload_conf()");
        }
        return new StatementTimes(db, top);
    }

    /** What one statement had cost PostgreSQL so far. */
    record Totals(String query, long calls, long plans, double execMillis, double planMillis) {}

    synchronized Map<Long, Totals> read() throws SQLException {
        Map<Long, Totals> totals = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery("""
                select queryid, calls, plans, total_exec_time, total_plan_time, regexp_replace(query, '\\s+', ' ', 'g')
                from pg_stat_statements where queryid is not null""")) {
            while (rows.next()) {
                totals.put(rows.getLong(1), new Totals(rows.getString(6), rows.getLong(2), rows.getLong(3),
                        rows.getDouble(4), rows.getDouble(5)));
            }
        }
        return totals;
    }

    /** What each statement cost PostgreSQL between two readings; those not called in between are left out. */
    static Map<Long, Totals> spent(Map<Long, Totals> before, Map<Long, Totals> after) {
        Map<Long, Totals> spent = new HashMap<>();
        after.forEach((id, now) -> {
            Totals then = before.getOrDefault(id, new Totals(now.query(), 0, 0, 0, 0));
            if (now.calls() > then.calls()) {
                spent.put(id, new Totals(now.query(), now.calls() - then.calls(), now.plans() - then.plans(),
                        now.execMillis() - then.execMillis(), now.planMillis() - then.planMillis()));
            }
        });
        return spent;
    }

    /** What two stretches of time spent, statement by statement. */
    static Map<Long, Totals> sum(Map<Long, Totals> one, Map<Long, Totals> other) {
        Map<Long, Totals> both = new HashMap<>(one);
        other.forEach((id, t) -> both.merge(id, t, (a, b) -> new Totals(a.query(), a.calls() + b.calls(),
                a.plans() + b.plans(), a.execMillis() + b.execMillis(), a.planMillis() + b.planMillis())));
        return both;
    }

    /** The costliest of the statements spent, one line each, per operation of the measurement. */
    List<String> lines(Map<Long, Totals> spent, long operations) {
        List<Totals> costliest = new ArrayList<>(spent.values());
        costliest.sort(Comparator.comparingDouble((Totals t) -> t.execMillis() + t.planMillis()).reversed());
        List<String> lines = new ArrayList<>();
        for (Totals t : costliest.subList(0, Math.min(top, costliest.size()))) {
            lines.add(String.format("%6.2f calls/op  %5.2f plans/call  exec %7.1f us/op  plan %6.1f us/op  %s",
                    (double) t.calls() / operations, (double) t.plans() / t.calls(), t.execMillis() * 1000 / operations,
                    t.planMillis() * 1000 / operations, t.query().substring(0, Math.min(110, t.query().length()))));
        }
        return lines;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
