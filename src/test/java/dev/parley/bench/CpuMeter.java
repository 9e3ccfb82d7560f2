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

    /** CPU seconds used so far by each side. */
    record Reading(double parleySeconds, double databaseSeconds) {

        Reading since(Reading earlier) {
            return new Reading(parleySeconds - earlier.parleySeconds, databaseSeconds - earlier.databaseSeconds);
        }

        Reading plus(Reading other) {
            return new Reading(parleySeconds + other.parleySeconds, databaseSeconds + other.databaseSeconds);
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
        return new Reading(jvm.ownTicks / TICKS_PER_SECOND, database / TICKS_PER_SECOND);
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
