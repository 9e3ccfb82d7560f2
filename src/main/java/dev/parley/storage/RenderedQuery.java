package dev.parley.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * A query that jOOQ renders once and Parley runs many times, binding its values by name. jOOQ renders a query
 * and walks it again for its bind values on every execution; for a page of the inbox that cost a quarter of
 * the request, as much as PostgreSQL's own work on it (docs/adr/0026-hot-reads-rendered-once.md). A rendered
 * query is built from a jOOQ query whose every bind value is a named {@link org.jooq.impl.DSL#param(String,
 * Class) param}. Its rows are read by position into the types of the fields that selected them
 * ({@link ResultColumns}), and mapped as {@link Row}s, found by the same fields as in a jOOQ record.
 */
public final class RenderedQuery {

    private final String sql;
    private final List<Param<?>> params;
    /** Null for a statement that answers no rows. */
    private final ResultColumns columns;

    private RenderedQuery(String sql, List<Param<?>> params, ResultColumns columns) {
        this.sql = sql;
        this.params = params;
        this.columns = columns;
    }

    /**
     * Renders {@code query}. Every bind value in it must be a named param (a name may appear more than once, and is
     * bound to one value wherever it appears): a value bound without a name could not be given at execution, so it
     * is refused here rather than bound wrongly later; so is a selected column of a type {@link ResultColumns} does
     * not read. A data-modifying statement whose result is a select, as {@code with ... insert ... select}, is a
     * result query too, its columns declared by {@link ResultQuery#coerce}; a statement that is not a result query
     * is {@linkplain #execute executed}.
     */
    public static RenderedQuery of(Query query) {
        Configuration configuration = query.configuration();
        if (configuration == null || configuration.dialect().family() != SQLDialect.POSTGRES) {
            throw new IllegalArgumentException("Build the query from Parley's DSLContext, so that it renders for "
                    + "PostgreSQL as every other statement does: " + query);
        }
        Map<String, Param<?>> named = new HashMap<>();
        for (Map.Entry<String, Param<?>> entry : query.getParams().entrySet()) {
            Param<?> param = entry.getValue();
            if (param.isInline()) {
                continue;
            }
            if (param.getParamName() == null || !param.getParamName().equals(entry.getKey())) {
                throw new IllegalArgumentException("Every bind value must be a named param; '" + entry.getKey()
                        + "' has no name: " + query.getSQL());
            }
            named.put(entry.getKey(), param);
        }
        // Rendered with each param's name where its value goes, to learn which value each position takes.
        Settings marked = ((Settings) configuration.settings().clone()).withRenderNamedParamPrefix(MARK);
        Matcher marks = MARKED_PARAM.matcher(DSL.using(configuration.derive(marked)).renderNamedParams(query));
        List<Param<?>> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        while (marks.find()) {
            Param<?> param = named.get(marks.group(1));
            if (param == null) {
                throw new IllegalArgumentException("'" + marks.group(1) + "' is not a param of " + query.getSQL());
            }
            params.add(param);
            marks.appendReplacement(sql, "?");
        }
        marks.appendTail(sql);
        String indexed = query.getSQL(ParamType.INDEXED);
        if (!sql.toString().equals(indexed) || params.size() != query.getBindValues().size()) {
            throw new IllegalArgumentException("The params of a query could not be placed: " + indexed);
        }
        ResultColumns columns = query instanceof Select<?> select ? ResultColumns.of(select.getSelect().toArray(Field[]::new))
                : query instanceof ResultQuery<?> result ? ResultColumns.of(result.fields()) : null;
        return new RenderedQuery(indexed, List.copyOf(params), columns);
    }

    /** Marks a named param in the SQL rendered to place it: a character none of Parley's SQL has. */
    private static final String MARK = "\u00a7";
    private static final Pattern MARKED_PARAM = Pattern.compile(MARK + "([A-Za-z0-9_]+)");

    /** The SQL as sent to the driver, with {@code ?} for each value. */
    public String sql() {
        return sql;
    }

    /** The names of the values, in the order they are first bound. */
    public List<String> names() {
        return params.stream().map(Param::getParamName).distinct().toList();
    }

    /**
     * Runs the query with these values by name (one for every name; null where the value is null) on the
     * connection jOOQ would use, inside the caller's transaction if there is one, and maps each row. A list of
     * values is a {@code Long[]} or {@code String[]} bound to a param of that type, as in {@code = any(:ids)}: its
     * length does not change the SQL, as an {@code IN} list's would.
     */
    public <T> List<T> fetch(DSLContext db, Map<String, ?> values, Function<? super Row, T> mapper) {
        if (columns == null) {
            throw new IllegalStateException("This statement answers no rows; execute it: " + sql);
        }
        return run(db, values, statement -> {
            try (var rows = statement.executeQuery()) {
                return columns.read(rows, mapper);
            }
        });
    }

    /**
     * Runs a statement that answers no rows (an update, or a select of a function run for its effect) with these
     * values by name, as {@link #fetch} runs a query; answers how many rows it changed (0 for a select).
     */
    public int execute(DSLContext db, Map<String, ?> values) {
        return run(db, values, statement -> statement.execute() ? 0 : statement.getUpdateCount());
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(PreparedStatement statement) throws SQLException;
    }

    private <T> T run(DSLContext db, Map<String, ?> values, Work<T> work) {
        for (Param<?> param : params) {
            if (!values.containsKey(param.getParamName())) {
                throw new IllegalArgumentException("No value for '" + param.getParamName() + "' in " + sql);
            }
        }
        return db.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    bind(connection, statement, i + 1, params.get(i), values.get(params.get(i).getParamName()));
                }
                return work.on(statement);
            } catch (SQLException e) {
                DataAccessException translated = ERRORS.translate("a rendered query", sql, e);
                throw translated != null ? translated : new UncategorizedSQLException("a rendered query", sql, e);
            }
        });
    }

    /**
     * Errors as Spring names them, as for the statements jOOQ runs: a unique violation is a
     * {@link org.springframework.dao.DuplicateKeyException}, which a caller may catch to try again.
     */
    private static final SQLExceptionTranslator ERRORS = new SQLErrorCodeSQLExceptionTranslator("PostgreSQL");

    /**
     * The values of a param used as {@code = any(:param)}, padded to at least {@value #ANY_OF_MIN} by repeating the
     * last. PostgreSQL's generic plan for a statement assumes an array parameter holds ten values, so with fewer it
     * always finds a custom plan cheaper and plans the statement anew on every execution (0.17–0.24 ms each for
     * the vet portal's contacts and unread flags, measured); padded, its generic plan is kept. A value repeated
     * changes nothing {@code = any} matches, and an index scan drops the repeats. An empty list stays empty.
     */
    public static <T> T[] anyOf(Collection<T> values, IntFunction<T[]> array) {
        T[] given = values.toArray(array);
        if (given.length == 0 || given.length >= ANY_OF_MIN) {
            return given;
        }
        T[] padded = Arrays.copyOf(given, ANY_OF_MIN);
        Arrays.fill(padded, given.length, ANY_OF_MIN, given[given.length - 1]);
        return padded;
    }

    private static final int ANY_OF_MIN = 16;

    private static void bind(Connection connection, PreparedStatement statement, int index, Param<?> param, Object value)
            throws SQLException {
        if (value != null && !param.getType().isInstance(value)) {
            throw new IllegalArgumentException("'" + param.getParamName() + "' takes a " + param.getType().getSimpleName()
                    + ", not a " + value.getClass().getSimpleName());
        }
        if (value == null) {
            statement.setNull(index, param.getDataType().getSQLType());
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Boolean flag) {
            statement.setBoolean(index, flag);
        } else if (value instanceof Instant instant) {
            statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof LocalDate date) {
            statement.setObject(index, date);
        } else if (value instanceof BigDecimal number) {
            statement.setBigDecimal(index, number);
        } else if (value instanceof Long[] numbers) {
            statement.setArray(index, connection.createArrayOf("bigint", numbers));
        } else if (value instanceof String[] texts) {
            statement.setArray(index, connection.createArrayOf("text", texts));
        } else {
            throw new IllegalArgumentException("'" + param.getParamName() + "' is a " + value.getClass().getSimpleName()
                    + ", which a rendered query does not bind");
        }
    }

    /**
     * Rendered queries by shape (which filters a request uses, its page size): each shape is rendered the first
     * time it is asked for. Shapes are few, but a page size is part of the SQL (ADR 0018), so the cache starts
     * over rather than grow past {@code max}.
     */
    public static final class Shapes<K> {

        private final Map<K, RenderedQuery> rendered = new ConcurrentHashMap<>();
        private final Function<K, ? extends ResultQuery<?>> build;
        private final int max;

        /** Shapes whose query is built from the shape alone. */
        public Shapes(int max, Function<K, ? extends ResultQuery<?>> build) {
            this.max = max;
            this.build = build;
        }

        /** Shapes whose query each caller builds, from parts of its own that make the same SQL for one shape. */
        public Shapes(int max) {
            this(max, null);
        }

        public RenderedQuery get(K shape) {
            return get(shape, () -> build.apply(shape));
        }

        /** The query of this shape, built by {@code build} and rendered only the first time the shape is asked for. */
        public RenderedQuery get(K shape, Supplier<? extends ResultQuery<?>> build) {
            RenderedQuery query = rendered.get(shape);
            if (query != null) {
                return query;
            }
            if (rendered.size() >= max) {
                rendered.clear();
            }
            return rendered.computeIfAbsent(shape, s -> of(build.get()));
        }
    }
}
