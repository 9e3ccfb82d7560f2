package dev.parley.testing;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Counts the SQL statements that HTTP requests execute, per request: a request that carries the header
 * {@link #HEADER} has every statement run while serving it recorded under that header's value, as sent to
 * the driver, whatever else runs at the same time. jOOQ picks this up as an {@link ExecuteListenerProvider} bean.
 */
@TestComponent
public class QueryCounter implements ExecuteListenerProvider {

    public static final String HEADER = "X-Test-Query-Tag";

    private final Map<String, List<String>> statements = new ConcurrentHashMap<>();

    private final ExecuteListener listener = new ExecuteListener() {
        @Override
        public void executeStart(ExecuteContext ctx) {
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
                HttpServletRequest request = attributes.getRequest();
                String tag = request.getHeader(HEADER);
                if (tag != null) {
                    statements.computeIfAbsent(tag, t -> new CopyOnWriteArrayList<>()).add(ctx.sql());
                }
            }
        }
    };

    @Override
    public ExecuteListener provide() {
        return listener;
    }

    /** How many statements the requests tagged {@code tag} executed. */
    public int statementsFor(String tag) {
        return sqlFor(tag).size();
    }

    /** The SQL of the statements the requests tagged {@code tag} executed, with {@code ?} for each bind value, in order. */
    public List<String> sqlFor(String tag) {
        return List.copyOf(statements.getOrDefault(tag, List.of()));
    }
}
