package dev.parley.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time Parley's JVM and its PostgreSQL have used, read from Linux's {@code /proc}. Rates move by a fifth
 * between runs on this machine while the CPU a request costs moves much less, so each measurement reports both.
 * PostgreSQL's time is its postmaster's and every backend's: a live backend's own time, an exited one's as the
 * postmaster's reaped children's time.
 */
final class CpuMeter {

    /** Clock ticks per second of {@code /proc}'s times (USER_HZ, 100 on every Linux this runs on). */
    private static final double TICKS_PER_SECOND = 100;

    private final long parley;
    private final long postmaster;

    CpuMeter(long parleyPid, long postmasterPid) {
        this.parley = parleyPid;
        this.postmaster = postmasterPid;
    }

    /** The meter for a Parley process and the PostgreSQL whose data directory holds {@code postmaster.pid}. */
    static CpuMeter of(Process parley, Path dataDirectory) throws IOException {
        return new CpuMeter(parley.pid(), Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim()));
    }

    /**
     * CPU seconds used so far: by Parley's JVM, and the part of it its JIT compiler's threads used, by PostgreSQL, by
     * the load generator (this JVM), and by the whole machine, its idle time apart ({@code machineSeconds} counts
     * every core's time, idle included).
     */
    record Reading(double parleySeconds, double parleyCompilerSeconds, double databaseSeconds, double loadSeconds,
                   double machineSeconds, double idleSeconds) {

        Reading since(Reading earlier) {
            return new Reading(parleySeconds - earlier.parleySeconds,
                    parleyCompilerSeconds - earlier.parleyCompilerSeconds, databaseSeconds - earlier.databaseSeconds,
                    loadSeconds - earlier.loadSeconds, machineSeconds - earlier.machineSeconds,
                    idleSeconds - earlier.idleSeconds);
        }

        Reading plus(Reading other) {
            return new Reading(parleySeconds + other.parleySeconds, parleyCompilerSeconds + other.parleyCompilerSeconds,
                    databaseSeconds + other.databaseSeconds, loadSeconds + other.loadSeconds,
                    machineSeconds + other.machineSeconds, idleSeconds + other.idleSeconds);
        }

        /** What neither Parley, PostgreSQL nor the load generator used, and was not idle: the kernel's own threads. */
        double otherSeconds() {
            return machineSeconds - idleSeconds - parleySeconds - databaseSeconds - loadSeconds;
        }
    }

    Reading read() {
        long database = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                Stat stat = stat(process.resolve("stat"));
                if (stat == null) {
                    continue; // exited between the listing and the read: its time is now its parent's
                }
                if (stat.pid == postmaster) {
                    database += stat.ownTicks + stat.reapedChildrenTicks;
                } else if (stat.parentPid == postmaster) {
                    database += stat.ownTicks;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Stat jvm = stat(Path.of("/proc", Long.toString(parley), "stat"));
        if (jvm == null) {
            throw new IllegalStateException("Parley (pid " + parley + ") is not running");
        }
        Stat self = stat(Path.of("/proc/self/stat"));
        Machine machine;
        try {
            machine = machine(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Reading(jvm.ownTicks / TICKS_PER_SECOND, compilerTicks(parley) / TICKS_PER_SECOND,
                database / TICKS_PER_SECOND, self.ownTicks / TICKS_PER_SECOND, machine.ticks / TICKS_PER_SECOND,
                machine.idleTicks / TICKS_PER_SECOND);
    }

    /**
     * The CPU ticks of a JVM's JIT compiler threads (HotSpot names them "C1 CompilerThread0", "C2 CompilerThread0",
     * …; the kernel keeps 15 characters of a name). A compiler thread that ends takes its ticks with it, which
     * HotSpot does only when it runs more than one thread of a compiler; on two cores it runs one of each.
     */
    static long compilerTicks(long pid) {
        long ticks = 0;
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                String line;
                try {
                    line = Files.readString(thread.resolve("stat"));
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (isCompiler(line)) {
                    ticks += parse(line).ownTicks;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks;
    }

    /** Whether a thread's stat line is a JIT compiler thread's, by its name. */
    static boolean isCompiler(String statLine) {
        String name = statLine.substring(statLine.indexOf('(') + 1, statLine.lastIndexOf(')'));
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** The machine's time from {@code /proc/stat}'s first line: every core's ticks, and those idle or waiting on I/O. */
    record Machine(long ticks, long idleTicks) {}

    /**
     * Parses {@code /proc/stat}'s {@code cpu} line: user, nice, system, idle, iowait, irq, softirq, steal, then guest
     * and guest_nice, which user and nice already include.
     */
    static Machine machine(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        if (!fields[0].equals("cpu")) {
            throw new IllegalArgumentException("not /proc/stat's cpu line: " + cpuLine);
        }
        long ticks = 0;
        for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
            ticks += Long.parseLong(fields[i]);
        }
        return new Machine(ticks, Long.parseLong(fields[4]) + Long.parseLong(fields[5]));
    }

    /** The fields of a {@code /proc/<pid>/stat} line that the meter needs. */
    record Stat(long pid, long parentPid, long ownTicks, long reapedChildrenTicks) {}

    private static Stat stat(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            if (!Files.exists(file)) {
                return null;
            }
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses one stat line: pid, then the command in parentheses (which may itself hold spaces and parentheses,
     * so the fields are counted from the last ')'), then state, ppid, … utime (14th field), stime, cutime, cstime.
     */
    static Stat parse(String line) {
        int close = line.lastIndexOf(')');
        long pid = Long.parseLong(line.substring(0, line.indexOf(' ')));
        String[] after = line.substring(close + 2).trim().split(" ");
        // after[0] is field 3 (state), so field n is after[n - 3].
        return new Stat(pid, Long.parseLong(after[1]), Long.parseLong(after[11]) + Long.parseLong(after[12]),
                Long.parseLong(after[13]) + Long.parseLong(after[14]));
    }
}
