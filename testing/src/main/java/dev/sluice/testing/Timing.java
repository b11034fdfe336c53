package dev.sluice.testing;

import java.time.Duration;

/**
 * Test timeouts, scaled by the system property {@code sluice.test.timeScale} (default 1) so a slow machine can
 * give every wait more room without editing tests.
 */
public final class Timing {

    private static final double SCALE = Double.parseDouble(System.getProperty("sluice.test.timeScale", "1"));

    private Timing() {
    }

    /** {@code duration} multiplied by the configured scale. */
    public static Duration scaled(Duration duration) {
        return Duration.ofNanos((long) (duration.toNanos() * SCALE));
    }

    public static Duration seconds(long seconds) {
        return scaled(Duration.ofSeconds(seconds));
    }
}
