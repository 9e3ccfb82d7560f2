package dev.parley.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/** Runs one operation from N threads for a fixed time and measures throughput and latency. */
final class Load {

    /** One operation; it throws when the answer is wrong, which stops the run. */
    @FunctionalInterface
    interface Operation {
        void run(int client, long iteration) throws Exception;
    }

    /** How long a JVM's JIT compiler has compiled so far, in milliseconds. */
    @FunctionalInterface
    interface CompileClock {
        double millis() throws Exception;
    }

    /**
     * One measurement, with the CPU used over its measured seconds (null where the run is not metered): Parley's
     * JVM's, PostgreSQL's, the load generator's and the rest of the machine's.
     */
    record Result(double opsPerSecond, double p50Millis, double p99Millis, long operations, CpuMeter.Reading cpu,
            List<String> statements) {

        Result(double opsPerSecond, double p50Millis, double p99Millis, long operations) {
            this(opsPerSecond, p50Millis, p99Millis, operations, null, List.of());
        }

        /** Microseconds of one part of the CPU per operation; NaN when not metered. */
        double cpuMicros(ToDoubleFunction<CpuMeter.Reading> part) {
            return cpu == null || operations == 0 ? Double.NaN : part.applyAsDouble(cpu) * 1e6 / operations;
        }

        double parleyCpuMicros() {
            return cpuMicros(CpuMeter.Reading::parleySeconds);
        }

        double databaseCpuMicros() {
            return cpuMicros(CpuMeter.Reading::databaseSeconds);
        }
    }

    /** The client threads, kept for the whole run: each keeps its own HTTP and JDBC connection. */
    private static ExecutorService pool;
    private static int poolSize;
    /** What the CPU of the server side is read from; set for each scale by the bench. */
    private static volatile CpuMeter meter;
    /** PostgreSQL's time by statement, when the bench was asked for it. */
    private static volatile StatementTimes statementTimes;
    /** Parley's JIT compiler's time so far; set by the bench, null where there is no server to wait for. */
    private static volatile CompileClock serverCompiler;

    /** A JIT (the load generator's, and Parley's) is at rest once it compiles for less than this share of a round. */
    private static final double SETTLED_COMPILE_SHARE = 0.05;
    /** Warm-up rounds (of a second) at least and at most before a measurement. */
    private static final int MIN_WARM_UPS = 2;
    private static final int MAX_WARM_UPS = 15;
    /** The rounds of a {@link #compare comparison}, and the unmeasured run before each side's later rounds. */
    private static final int ROUNDS = 3;
    private static final double LEAD_IN_SECONDS = 0.3;

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

    static void serverCompiler(CompileClock clock) {
        serverCompiler = clock;
    }

    static Result run(int clients, double seconds, Operation operation) throws Exception {
        warmUp(clients, seconds, operation, null);
        return measure(clients, seconds, operation).result();
    }

    /**
     * Measures the sides of a comparison (the app and its ceilings) in turns: each side for a third of
     * {@code seconds}, then the next side, three rounds over. A stretch in which the shared machine runs slow then
     * falls on every side alike rather than on whichever was measuring: measured one after the other, the ingest
     * twin once ran 38% slower than the app's phase just before it, on the same statements. Each side warms up
     * before its first round, and runs unmeasured for a moment before each later one, so that none is measured
     * while the caches still hold the side before it.
     */
    static List<Result> compare(int clients, double seconds, List<Operation> sides) throws Exception {
        double share = seconds / ROUNDS;
        List<Round> measured = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int side = 0; side < sides.size(); side++) {
                Operation operation = sides.get(side);
                if (round == 0) {
                    warmUp(clients, share, operation, serverCompiler);
                    measured.add(measure(clients, share, operation));
                } else {
                    measure(clients, LEAD_IN_SECONDS, operation);
                    measured.set(side, measured.get(side).plus(measure(clients, share, operation)));
                }
            }
        }
        return measured.stream().map(Round::result).toList();
    }

    /**
     * A warm-up, not measured, so that the JIT, the connection pools and the caches are ready. The load generator's
     * JIT counts too: the first run of a raw twin compiles the driver's paths it takes, for seconds, on the same two
     * cores, and measured that twin slow (the list's twin at 4.4-7.3k/s in one afternoon; its rounds compiled 3.9,
     * 3.0, 3.0 and 2.8 s). So it warms up in short rounds until one compiles little; before a comparison's sides,
     * Parley's compiler ({@code server}) too: it discards code left unused for a while, and a scenario measured
     * minutes after the common warm-up (ingest, after the reads) compiled its path again while measured (673 µs of
     * its 1,466 a request in one run, 18 when measured alone).
     */
    private static void warmUp(int clients, double seconds, Operation operation, CompileClock server)
            throws Exception {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        double round = Math.min(1.0, seconds);
        double settled = round * 1000 * SETTLED_COMPILE_SHARE;
        for (int n = 1; ; n++) {
            long compiledBefore = compiler.getTotalCompilationTime();
            double serverBefore = server == null ? 0 : server.millis();
            measure(clients, round, operation);
            long compiled = compiler.getTotalCompilationTime() - compiledBefore;
            double serverCompiled = server == null ? 0 : server.millis() - serverBefore;
            if (n >= MIN_WARM_UPS && compiled < settled && serverCompiled < settled) {
                return;
            }
            if (n == MAX_WARM_UPS) {
                System.out.printf("  (in warm-up round %d the load generator still compiled for %d ms, Parley for"
                        + " %.0f)%n", n, compiled, serverCompiled);
                return;
            }
        }
    }

    /** What one or more measured stretches of one side saw: every latency, their seconds, and what they cost. */
    private record Round(long[] latencies, double seconds, CpuMeter.Reading cpu, Map<Long, StatementTimes.Totals> spent) {

        Round plus(Round other) {
            long[] both = Arrays.copyOf(latencies, latencies.length + other.latencies.length);
            System.arraycopy(other.latencies, 0, both, latencies.length, other.latencies.length);
            return new Round(both, seconds + other.seconds, cpu == null ? null : cpu.plus(other.cpu),
                    spent == null ? null : StatementTimes.sum(spent, other.spent));
        }

        Result result() {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return new Result(0, 0, 0, 0);
            }
            StatementTimes times = statementTimes;
            return new Result(sorted.length / seconds, sorted[sorted.length / 2] / 1e6,
                    sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6, sorted.length, cpu,
                    times == null || spent == null ? List.of() : times.lines(spent, sorted.length));
        }
    }

    private static Round measure(int clients, double seconds, Operation operation) throws Exception {
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
        var spent = times == null ? null : StatementTimes.spent(statementsBefore, times.read());
        return new Round(all.stream().flatMapToLong(Arrays::stream).toArray(), elapsed, used, spent);
    }
}
