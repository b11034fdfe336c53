package dev.sluice.server.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's ring of samples: rates between samples, lag at each, and the oldest dropped first. */
class SampleRingTest {

    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

    private static SampleRing.Sample at(int second, Map<String, SampleRing.Figures> figures) {
        return new SampleRing.Sample(START.plusSeconds(second), figures);
    }

    @Test
    void ratesArePerSecondBetweenSamplesAndLagIsAsSampled() {
        SampleRing ring = new SampleRing(10);
        ring.add(at(0, Map.of("queue://orders", new SampleRing.Figures(100, 90, 10))));
        assertThat(ring.latestRates("queue://orders")).isEmpty();
        ring.add(at(5, Map.of("queue://orders", new SampleRing.Figures(150, 100, 50))));

        assertThat(ring.latestRates("queue://orders")).contains(new SampleRing.Rates(10.0, 2.0));
        SampleRing.Charts charts = ring.charts(name -> true, 8);
        assertThat(charts.times()).containsExactly(START.getEpochSecond(), START.getEpochSecond() + 5);
        assertThat(charts.charts()).extracting(SampleRing.Chart::id).containsExactly("chart-in", "chart-out",
                "chart-lag");
        assertThat(charts.charts().get(0).series().get(0).values()).containsExactly(null, 10.0);
        assertThat(charts.charts().get(2).series().get(0).values()).containsExactly(10.0, 50.0);
    }

    @Test
    void aDestinationMissingFromASampleOrACounterGoingBackHasNoRateThere() {
        SampleRing ring = new SampleRing(10);
        ring.add(at(0, Map.of("queue://a", new SampleRing.Figures(10, 0, 0))));
        ring.add(at(5, Map.of("queue://a", new SampleRing.Figures(5, 0, 0),
                "queue://b", new SampleRing.Figures(1, 0, 1))));

        assertThat(ring.latestRates("queue://a")).isEmpty(); // deleted and created again: its counter restarted
        assertThat(ring.latestRates("queue://b")).isEmpty();
        SampleRing.Chart lag = ring.charts(name -> name.equals("queue://b"), 8).charts().get(2);
        assertThat(lag.series()).singleElement().satisfies(series ->
                assertThat(series.values()).containsExactly(null, 1.0));
    }

    @Test
    void theOldestSampleGoesFirstAndChartsKeepTheBusiestDestinations() {
        SampleRing ring = new SampleRing(2);
        for (int second = 0; second < 3; second++) {
            ring.add(at(second, Map.of("queue://busy", new SampleRing.Figures(1000L * second, 0, 0),
                    "queue://quiet", new SampleRing.Figures(second, 0, 0))));
        }

        assertThat(ring.samples()).extracting(SampleRing.Sample::at)
                .containsExactly(START.plusSeconds(1), START.plusSeconds(2));
        assertThat(Arrays.asList(ring.charts(name -> true, 1).charts().get(0).series().get(0).label()))
                .containsExactly("queue://busy");
    }
}
