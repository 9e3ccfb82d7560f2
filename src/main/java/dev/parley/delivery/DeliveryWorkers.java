package dev.parley.delivery;

import dev.parley.storage.Notifications;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@code parley.delivery.workers} threads that deliver due jobs, and stops them with the application.
 * An idle worker sleeps until a new job is signalled (from this node or another) or the poll interval passes
 * (for retries and scheduled sends coming due, and signals that were lost). A signal wakes one worker; a
 * worker that finds a full batch wakes another, so the workers join in as the queue grows, and one that finds
 * less waits {@code batch-wait} before it looks again, so that messages trickling in go in fuller batches.
 */
@Component
class DeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);

    private final DeliveryWorker worker;
    private final DeliveryProperties properties;
    private final Notifications notifications;
    private final List<Thread> threads = new ArrayList<>();
    private final Object signal = new Object();
    private long signals;
    private Notifications.Subscription subscription;
    private volatile boolean running;

    DeliveryWorkers(DeliveryWorker worker, DeliveryProperties properties, Notifications notifications) {
        this.worker = worker;
        this.properties = properties;
        this.notifications = notifications;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (properties.workers() > 0) {
            subscription = notifications.subscribe(Outbox.JOBS_CHANNEL, this::wakeOne);
        }
        for (int i = 0; i < properties.workers(); i++) {
            Thread thread = new Thread(this::loop, "delivery-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /** Wakes one idle worker, if one sleeps; a busy one looks again anyway when it finishes its batch. */
    void wakeOne() {
        synchronized (signal) {
            signals++;
            signal.notify();
        }
    }

    private void loop() {
        while (running) {
            try {
                long seen;
                synchronized (signal) {
                    seen = signals;
                }
                int claimed = worker.runDue();
                if (claimed >= properties.batchSize()) {
                    wakeOne();
                    continue;
                }
                if (claimed == 0) {
                    synchronized (signal) {
                        if (signals == seen) {
                            signal.wait(properties.pollInterval().toMillis());
                        }
                    }
                }
                Thread.sleep(properties.batchWait().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("A delivery round failed; trying again shortly", e);
                try {
                    Thread.sleep(properties.pollInterval().toMillis());
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
