package dev.parley.testing;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.ConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Counts the SQL statements that HTTP requests execute, per request: a request that carries the header
 * {@link #HEADER} has every statement run while serving it recorded under that header's value, as sent to
 * the driver, whatever else runs at the same time. It watches the JDBC connections jOOQ hands out, so that
 * statements jOOQ runs and those Parley runs on jOOQ's connections with SQL rendered before
 * ({@code dev.parley.storage.RenderedQuery}) are counted alike: each execution is one statement. It also keeps
 * the statements requests run during a piece of work with the values they bound, for tests that read plans.
 */
@TestComponent
public class QueryCounter implements DefaultConfigurationCustomizer {

    public static final String HEADER = "X-Test-Query-Tag";

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    private final Map<String, List<String>> statements = new ConcurrentHashMap<>();
    private final List<Executed> executed = new CopyOnWriteArrayList<>();
    private volatile boolean recording;

    /** A statement as a request ran it: its SQL with {@code ?} for each value, and the values it bound, in order. */
    public record Executed(String sql, List<Object> values) {

        /** The statement as the server sees it: {@code $1, $2, ...} for the driver's {@code ?}, to PREPARE it. */
        public static String numbered(String sql) {
            StringBuilder numbered = new StringBuilder();
            int n = 0;
            for (char c : sql.toCharArray()) {
                numbered.append(c == '?' ? "$" + ++n : String.valueOf(c));
            }
            return numbered.toString();
        }

        /**
         * The plan PostgreSQL uses the {@code times}-th time one connection runs the statement with its values: the
         * settings among {@code before} (those of its statements that begin with {@code set}, such as a request's
         * snapshot and planning) are made first, then the statement is prepared by name, as the driver prepares one
         * it runs often, and explained as executed. Call it in a transaction, whose settings these become.
         */
        public String planOnExecution(Connection connection, List<Executed> before, int times) throws SQLException {
            StringBuilder literals = new StringBuilder();
            for (Object value : values) {
                // Quoted, a value is read as the type of the parameter it is given for.
                literals.append(literals.isEmpty() ? "'" : ", '").append(value.toString().replace("'", "''")).append('\'');
            }
            List<String> plan = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                for (Executed setting : before) {
                    if (setting.sql().startsWith("set ")) {
                        statement.execute(setting.sql());
                    }
                }
                statement.execute("prepare replayed as " + numbered(sql));
                for (int i = 0; i < times; i++) {
                    plan.clear();
                    try (ResultSet rows = statement.executeQuery("explain execute replayed(" + literals + ")")) {
                        while (rows.next()) {
                            plan.add(rows.getString(1));
                        }
                    }
                }
                statement.execute("deallocate replayed");
            }
            return String.join("\n", plan);
        }

        /** The plan of the statement with its values bound as they were ({@code explain}, {@code explain analyze}). */
        public String explain(Connection connection, String explain) throws SQLException {
            List<String> plan = new ArrayList<>(List.of(sql));
            try (PreparedStatement statement = connection.prepareStatement(explain + " " + sql)) {
                for (int i = 0; i < values.size(); i++) {
                    statement.setObject(i + 1, values.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        plan.add(rows.getString(1));
                    }
                }
            }
            return String.join("\n", plan);
        }
    }

    @Override
    public void customize(DefaultConfiguration configuration) {
        ConnectionProvider jooqs = configuration.connectionProvider();
        configuration.set(new ConnectionProvider() {
            @Override
            public Connection acquire() {
                return watched(jooqs.acquire());
            }

            @Override
            public void release(Connection connection) {
                jooqs.release(Proxy.isProxyClass(connection.getClass())
                        && Proxy.getInvocationHandler(connection) instanceof Watched watched
                        ? (Connection) watched.target : connection);
            }
        });
    }

    /** How many statements the requests tagged {@code tag} executed. */
    public int statementsFor(String tag) {
        return sqlFor(tag).size();
    }

    /** The SQL of the statements the requests tagged {@code tag} executed, with {@code ?} for each bind value, in order. */
    public List<String> sqlFor(String tag) {
        return List.copyOf(statements.getOrDefault(tag, List.of()));
    }

    /** The statements requests ran while {@code work} ran, with their values, in order. */
    public synchronized List<Executed> executedDuring(Runnable work) {
        executed.clear();
        recording = true;
        try {
            work.run();
        } finally {
            recording = false;
        }
        return List.copyOf(executed);
    }

    private void record(String sql, Map<Integer, Object> values) {
        record(sql);
        if (recording && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes) {
            List<Object> bound = new ArrayList<>();
            for (int i = 1; i <= values.size(); i++) {
                bound.add(values.get(i));
            }
            executed.add(new Executed(sql, bound));
        }
    }

    private void record(String sql) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            String tag = request.getHeader(HEADER);
            if (tag != null) {
                statements.computeIfAbsent(tag, t -> new CopyOnWriteArrayList<>()).add(sql);
            }
        }
    }

    private Connection watched(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new Watched(connection, null));
    }

    /**
     * Forwards every call to a connection or one of its statements; a statement's SQL is recorded as it executes
     * (its own for a prepared statement, the one passed or the batch added for a plain one).
     */
    private final class Watched implements InvocationHandler {

        private final Object target;
        private final String preparedSql;
        private final List<String> batch = new ArrayList<>();
        private final Map<Integer, Object> values = new HashMap<>();

        Watched(Object target, String preparedSql) {
            this.target = target;
            this.preparedSql = preparedSql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (target instanceof Statement && EXECUTIONS.contains(name)) {
                if (preparedSql != null) {
                    record(preparedSql, values);
                } else if (args != null && args.length > 0 && args[0] instanceof String sql) {
                    record(sql, Map.of());
                } else {
                    record(String.join(";\n", batch), Map.of());
                }
            } else if (target instanceof PreparedStatement && name.startsWith("set") && args != null && args.length >= 2
                    && args[0] instanceof Integer index) {
                values.put(index, name.equals("setNull") ? null : args[1]);
            } else if (target instanceof PreparedStatement && name.equals("clearParameters")) {
                values.clear();
            } else if (target instanceof Statement && name.equals("addBatch") && args != null && args[0] instanceof String sql) {
                batch.add(sql);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (target instanceof Connection && result instanceof Statement statement) {
                Class<?> type = method.getReturnType();
                String sql = result instanceof PreparedStatement && args != null && args[0] instanceof String s ? s : null;
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, new Watched(statement, sql));
            }
            return result;
        }
    }
}
