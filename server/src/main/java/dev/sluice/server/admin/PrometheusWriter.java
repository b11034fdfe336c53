package dev.sluice.server.admin;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds a page in the Prometheus text exposition format (version 0.0.4): for each metric family one
 * {@code # HELP} and one {@code # TYPE} line, then its samples, with label values escaped ({@code \\}, {@code \"},
 * {@code \n}). Confined to one thread (one page per scrape).
 */
final class PrometheusWriter {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4";

    private final StringBuilder page = new StringBuilder(4096);
    private final Set<String> declared = new HashSet<>();

    /** Declares a family (once; later calls for the same name are ignored). */
    PrometheusWriter family(String name, String type, String help) {
        if (declared.add(name)) {
            page.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
            page.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
        return this;
    }

    PrometheusWriter sample(String name, Map<String, String> labels, double value) {
        page.append(name);
        if (!labels.isEmpty()) {
            page.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!first) {
                    page.append(',');
                }
                first = false;
                page.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
            }
            page.append('}');
        }
        page.append(' ').append(format(value)).append('\n');
        return this;
    }

    PrometheusWriter sample(String name, double value) {
        return sample(name, Map.of(), value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    @Override
    public String toString() {
        return page.toString();
    }
}
