package dev.parley.delivery;

import java.time.Duration;
import org.jooq.DSLContext;

/** Runs the delivery worker until a tenant's jobs are finished (and gone), waiting out backoff and pacing. */
final class Drain {

    private Drain() {}

    /** True when nothing of the tenant's is pending or in flight any more; false when the time ran out first. */
    static boolean untilDone(DeliveryWorker worker, DSLContext db, long tenant, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (db.fetchCount(db.selectFrom("delivery_job")
                .where("tenant_id = ? and state in ('pending', 'in_flight')", tenant)) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            if (worker.runDue() == 0) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
