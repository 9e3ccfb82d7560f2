package dev.parley.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.springframework.boot.test.context.TestComponent;

/**
 * Counts the SQL statements jOOQ runs on the web server's request threads, for tests that show a request's
 * statement count does not grow with its page size; and records them, for tests that read their plans.
 */
@TestComponent
public class SqlCounter implements ExecuteListenerProvider {

    private final AtomicLong statements = new AtomicLong();
    private final List<String> recorded = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean recording;

    @Override
    public ExecuteListener provide() {
        return new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                if (Thread.currentThread().getName().startsWith("http-nio")) {
                    statements.incrementAndGet();
                    if (recording) {
                        recorded.add(ctx.query() != null ? ctx.query().getSQL(org.jooq.conf.ParamType.INLINED) : ctx.sql());
                    }
                }
            }
        };
    }

    /** The SQL (values inlined) of the statements a piece of work ran on request threads, in order. */
    public synchronized List<String> statementsDuring(Runnable work) {
        recorded.clear();
        recording = true;
        try {
            work.run();
        } finally {
            recording = false;
        }
        return List.copyOf(recorded);
    }

    /** The statements a piece of work ran on request threads. */
    public long during(Runnable work) {
        long before = statements.get();
        work.run();
        return statements.get() - before;
    }
}
