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
        long sum = 0;
        for (long i = 0; i < 300_000_000L; i++) {
            sum += i ^ (sum >>> 3);
        }
        CpuMeter.Reading used = meter.read().since(before);

        assertThat(sum).isNotZero();
        assertThat(used.parleySeconds()).isPositive();
        assertThat(used.databaseSeconds()).isGreaterThan(used.parleySeconds());
    }
}
