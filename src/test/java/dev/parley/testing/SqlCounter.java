package dev.parley.testing;

import java.util.concurrent.atomic.AtomicLong;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.springframework.boot.test.context.TestComponent;

/**
 * Counts the SQL statements jOOQ runs on the web server's request threads, for tests that show a request's
 * statement count does not grow with its page size.
 */
@TestComponent
public class SqlCounter implements ExecuteListenerProvider {

    private final AtomicLong statements = new AtomicLong();

    @Override
    public ExecuteListener provide() {
        return new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                if (Thread.currentThread().getName().startsWith("http-nio")) {
                    statements.incrementAndGet();
                }
            }
        };
    }

    /** The statements a piece of work ran on request threads. */
    public long during(Runnable work) {
        long before = statements.get();
        work.run();
        return statements.get() - before;
    }
}
