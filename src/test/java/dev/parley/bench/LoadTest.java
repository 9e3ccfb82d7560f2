package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadTest {

    /** Which side ran, in the order the operations started. */
    private final List<Integer> order = Collections.synchronizedList(new ArrayList<>());

    private Load.Operation side(int n) {
        return (client, iteration) -> {
            order.add(n);
            Thread.sleep(1);
        };
    }

    @Test
    void theSidesOfAComparisonAreMeasuredInTurnsAndEachCountsOnlyItsOwnMeasuredOperations() throws Exception {
        List<Load.Result> results = Load.compare(2, 0.6, List.of(side(0), side(1), side(2)));

        // Each side ran in three stretches (its warm-up leading into its first round), one side after the other:
        // 0, 1, 2, 0, 1, 2, 0, 1, 2.
        List<Integer> stretches = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (i == 0 || !order.get(i).equals(order.get(i - 1))) {
                stretches.add(order.get(i));
            }
        }
        assertThat(stretches).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2);
        assertThat(results).hasSize(3);
        for (int n = 0; n < 3; n++) {
            int side = n;
            long ran = order.stream().filter(s -> s == side).count();
            Load.Result result = results.get(n);
            // Warm-ups and lead-ins ran too, unmeasured: the result holds fewer operations than the side ran.
            assertThat(result.operations()).isPositive().isLessThan(ran);
            assertThat(result.opsPerSecond()).isPositive();
            assertThat(result.p50Millis()).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void eachSideWarmsUpUntilParleysCompilerIsAtRest() throws Exception {
        // Parley's compiler works for a second in each of the first side's first five warm-up rounds (a round reads
        // the clock before and after it), then rests.
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger readsWhenTheSecondSideBegan = new AtomicInteger(-1);
        Load.Operation second = (client, iteration) -> {
            readsWhenTheSecondSideBegan.compareAndSet(-1, reads.get());
            Thread.sleep(1);
        };
        Load.serverCompiler(() -> Math.min(reads.incrementAndGet(), 10) * 1000.0);
        try {
            Load.compare(2, 0.6, List.of(side(0), second));
        } finally {
            Load.serverCompiler(null);
        }

        // The first side warmed up through the five rounds in which Parley compiled and one at rest at least (more
        // when the load generator's own compiler was still at work): two every side takes would have read it 4 times.
        assertThat(readsWhenTheSecondSideBegan.get()).isGreaterThanOrEqualTo(2 * 6);
    }
}
