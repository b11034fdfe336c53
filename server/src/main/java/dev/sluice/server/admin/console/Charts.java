package dev.sluice.server.admin.console;

import java.time.Duration;

/**
 * The charts' settings and their place on a page: a section whose {@code data-charts} attribute names the JSON
 * that {@code console.js} fetches and draws with uPlot. Stateless and thread-safe.
 */
final class Charts {

    /** How often the figures are sampled, and how far back the charts reach. */
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final int SAMPLES = (int) (WINDOW.toMillis() / INTERVAL.toMillis()) + 1;
    /** At most this many destinations have a line in a chart: those with the most messages in. */
    static final int MAX_SERIES = 8;

    private Charts() {
    }

    static String section(String source) {
        return "<section id=\"charts\" class=\"charts\" data-charts=\"" + Html.escape(source) + "\"></section>";
    }
}
