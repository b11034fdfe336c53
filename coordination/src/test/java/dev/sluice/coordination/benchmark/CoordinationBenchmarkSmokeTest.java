package dev.sluice.coordination.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark program working: runs it with a tiny workload and checks that it prints its table. The
 * figures themselves are not asserted (benchmarks print, tests assert behaviour).
 */
class CoordinationBenchmarkSmokeTest {

    @Test
    void benchmarkRunsBothSystemsAndPrintsTheTable() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<CoordinationBenchmark.Figures> figures;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            figures = CoordinationBenchmark.run(50, 2, 20, out);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(printed);

        assertThat(figures).extracting(CoordinationBenchmark.Figures::system).containsExactly("Sluice", "ZooKeeper");
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.createsPerSecond()).isPositive();
            assertThat(f.watchP99Millis()).isGreaterThanOrEqualTo(f.watchMedianMillis());
        });
        assertThat(printed).contains("create ops/s", "get ops/s", "set ops/s", "watch latency median ms",
                "watch latency p99 ms");
    }
}
