package dev.parley.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.springframework.boot.test.context.TestComponent;

/**
 * Records the SQL statements jOOQ runs on the web server's request threads, for tests that read their plans.
 * (Counting statements per request is {@link QueryCounter}'s.)
 */
@TestComponent
public class SqlCounter implements ExecuteListenerProvider {

    private final List<String> recorded = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean recording;
    private volatile Thread recordingThread;

    @Override
    public ExecuteListener provide() {
        return new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                if (Thread.currentThread() == recordingThread) {
                    recorded.add(ctx.query() != null ? ctx.query().getSQL(org.jooq.conf.ParamType.INLINED) : ctx.sql());
                } else if (Thread.currentThread().getName().startsWith("http-nio")) {
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

    /** The SQL of the statements a piece of work ran on the calling thread (a delivery worker run by hand), in order. */
    public synchronized List<String> statementsOnThisThreadDuring(Runnable work) {
        recorded.clear();
        recordingThread = Thread.currentThread();
        try {
            work.run();
        } finally {
            recordingThread = null;
        }
        return List.copyOf(recorded);
    }
}
