package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void aStatLineIsReadByItsFieldsEvenWhenTheCommandHoldsSpacesAndParentheses() {
        String line = "4242 (postgres: bench (idle) x) S 17 4242 4242 0 -1 4194560 120 0 0 0 731 95 12 8 20 0 1 0 "
                + "5000 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        CpuMeter.Stat stat = CpuMeter.parse(line);

        assertThat(stat).isEqualTo(new CpuMeter.Stat(4242, 17, 731 + 95, 12 + 8));
    }

    @Test
    void theMeterCountsThisProcessesOwnCpuAndItsChildren() throws Exception {
        long self = ProcessHandle.current().pid();
        // This JVM stands in for both sides: as "Parley", and as the "postmaster" of a child that burns CPU and exits.
        CpuMeter meter = new CpuMeter(self, self);
        CpuMeter.Reading before = meter.read();
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done").start();
        assertThat(child.waitFor()).isZero();
        assertThat(burnCpu()).isNotZero();
        CpuMeter.Reading used = meter.read().since(before);

        assertThat(used.parleySeconds()).isPositive();
        assertThat(used.databaseSeconds()).isGreaterThan(used.parleySeconds());
    }

    @Test
    void aJitCompilersThreadsAreKnownByTheirNamesAndNoOtherThreadIs() {
        String c2 = "901 (C2 CompilerThre) S 17 4242 4242 0 -1 4194560 120 0 0 0 731 95 0 0 20 0 1 0 5000 0 0";
        String c1 = "902 (C1 CompilerThre) S 17 4242 4242 0 -1 4194560 120 0 0 0 12 3 0 0 20 0 1 0 5000 0 0";
        String request = "903 (http-nio2-exec) S 17 4242 4242 0 -1 4194560 120 0 0 0 800 90 0 0 20 0 1 0 5000 0 0";

        assertThat(CpuMeter.isCompiler(c2)).isTrue();
        assertThat(CpuMeter.isCompiler(c1)).isTrue();
        assertThat(CpuMeter.isCompiler(request)).isFalse();
    }

    @Test
    void aJvmsCompilerThreadsUseSomeButNotAllOfItsCpu() {
        long self = ProcessHandle.current().pid();
        assertThat(burnCpu()).isNotZero();
        // By now this JVM has compiled its test framework's code and the loop above, in its compiler threads.
        CpuMeter.Reading sinceStart = new CpuMeter(self, self).read();

        assertThat(CpuMeter.compilerTicks(self)).isPositive();
        assertThat(sinceStart.parleyCompilerSeconds()).isPositive().isLessThan(sinceStart.parleySeconds());
    }

    @Test
    void theMachinesLineIsReadAsEveryCoresTicksWithIdleAndIoWaitApart() {
        // user nice system idle iowait irq softirq steal guest guest_nice: the guests are already in user and nice.
        CpuMeter.Machine machine = CpuMeter.machine("cpu  100 5 50 1000 20 3 7 2 40 1");

        assertThat(machine).isEqualTo(new CpuMeter.Machine(100 + 5 + 50 + 1000 + 20 + 3 + 7 + 2, 1000 + 20));
    }

    @Test
    void theLoadGeneratorsOwnCpuIsCountedApartAndTheMachineHoldsEveryPart() throws Exception {
        Process idle = new ProcessBuilder("sleep", "60").start();
        try {
            // A sleeping process stands in for Parley and PostgreSQL: this JVM's work is the load generator's alone.
            CpuMeter meter = new CpuMeter(idle.pid(), idle.pid());
            CpuMeter.Reading before = meter.read();
            assertThat(burnCpu()).isNotZero();
            CpuMeter.Reading used = meter.read().since(before);

            assertThat(used.loadSeconds()).isPositive();
            assertThat(used.parleySeconds()).isLessThan(used.loadSeconds());
            assertThat(used.machineSeconds() - used.idleSeconds()).isGreaterThan(used.loadSeconds() * 0.9);
        } finally {
            idle.destroy();
        }
    }

    /** Work for this JVM's CPU that the compiler cannot remove: its result is checked. */
    private static long burnCpu() {
        long sum = 0;
        for (long i = 0; i < 300_000_000L; i++) {
            sum += i ^ (sum >>> 3);
        }
        return sum;
    }
}
