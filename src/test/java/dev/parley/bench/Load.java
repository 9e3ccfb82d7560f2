package dev.parley.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs one operation from N threads for a fixed time and measures throughput and latency. */
final class Load {

    /** One operation; it throws when the answer is wrong, which stops the run. */
    @FunctionalInterface
    interface Operation {
        void run(int client, long iteration) throws Exception;
    }

    /**
     * One measurement. The CPU per operation is Parley's JVM's and PostgreSQL's over the measured seconds, divided by
     * the operations (NaN where the run is not metered); the load generator's own CPU is in neither.
     */
    record Result(double opsPerSecond, double p50Millis, double p99Millis, long operations, double parleyCpuMicros,
            double databaseCpuMicros, List<String> statements) {

        Result(double opsPerSecond, double p50Millis, double p99Millis, long operations) {
            this(opsPerSecond, p50Millis, p99Millis, operations, Double.NaN, Double.NaN, List.of());
        }
    }

    /** The client threads, kept for the whole run: each keeps its own HTTP and JDBC connection. */
    private static ExecutorService pool;
    private static int poolSize;
    /** What the CPU of the server side is read from; set for each scale by the bench. */
    private static volatile CpuMeter meter;
    /** PostgreSQL's time by statement, when the bench was asked for it. */
    private static volatile StatementTimes statementTimes;

    /** The load generator's JIT is at rest once it compiles for less than this share of a warm-up round. */
    private static final double SETTLED_COMPILE_SHARE = 0.05;
    /** Warm-up rounds (of a second) at least and at most before a measurement. */
    private static final int MIN_WARM_UPS = 2;
    private static final int MAX_WARM_UPS = 15;

    private Load() {}

    private static synchronized ExecutorService pool(int clients) {
        if (pool == null || poolSize != clients) {
            if (pool != null) {
                pool.shutdown();
            }
            pool = Executors.newFixedThreadPool(clients, r -> {
                Thread thread = new Thread(r, "bench-client");
                thread.setDaemon(true);
                return thread;
            });
            poolSize = clients;
        }
        return pool;
    }

    static void meter(CpuMeter cpu) {
        meter = cpu;
    }

    static void statementTimes(StatementTimes times) {
        statementTimes = times;
    }

    static Result run(int clients, double seconds, Operation operation) throws Exception {
        // A warm-up, not measured, so that the JIT, the connection pools and the caches are ready. The load
        // generator's JIT counts too: the first run of a raw twin compiles the driver's paths it takes, for seconds,
        // on the same two cores, and measured that twin slow (the list's twin at 4.4-7.3k/s in one afternoon; its
        // rounds compiled 3.9, 3.0, 3.0 and 2.8 s). So it warms up in short rounds until one compiles little.
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        double round = Math.min(1.0, seconds);
        for (int n = 1; ; n++) {
            long compiledBefore = compiler.getTotalCompilationTime();
            measure(clients, round, operation);
            long compiled = compiler.getTotalCompilationTime() - compiledBefore;
            if (n >= MIN_WARM_UPS && compiled < round * 1000 * SETTLED_COMPILE_SHARE) {
                break;
            }
            if (n == MAX_WARM_UPS) {
                System.out.printf("  (the load generator still compiled for %d ms in warm-up round %d)%n", compiled, n);
                break;
            }
        }
        return measure(clients, seconds, operation);
    }

    private static Result measure(int clients, double seconds, Operation operation) throws Exception {
        ExecutorService pool = pool(clients);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<long[]>> futures = new ArrayList<>();
        CpuMeter cpu = meter;
        StatementTimes times = statementTimes;
        var statementsBefore = times == null ? null : times.read();
        CpuMeter.Reading before = cpu == null ? null : cpu.read();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                long iteration = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    operation.run(client, iteration++);
                    long took = System.nanoTime() - t0;
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            all.add(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        CpuMeter.Reading used = cpu == null ? null : cpu.read().since(before);
        var statementsAfter = times == null ? null : times.read();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (merged.length == 0) {
            return new Result(0, 0, 0, 0);
        }
        return new Result(merged.length / elapsed, merged[merged.length / 2] / 1e6,
                merged[Math.min(merged.length - 1, (int) (merged.length * 0.99))] / 1e6, merged.length,
                used == null ? Double.NaN : used.parleySeconds() * 1e6 / merged.length,
                used == null ? Double.NaN : used.databaseSeconds() * 1e6 / merged.length,
                times == null ? List.of() : times.since(statementsBefore, statementsAfter, merged.length));
    }
}
