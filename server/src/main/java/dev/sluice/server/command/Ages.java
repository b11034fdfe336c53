package dev.sluice.server.command;

import java.util.Locale;

/** Formats ages for people: {@code 850 ms}, {@code 12.3 s}, {@code 4.5 min}, {@code 2.0 h}, {@code 3.1 d}. Stateless. */
public final class Ages {

    private Ages() {
    }

    public static String format(Long millis) {
        if (millis == null) {
            return "";
        }
        if (millis < 1_000) {
            return millis + " ms";
        }
        double seconds = millis / 1000.0;
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 7_200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        if (seconds < 172_800) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3_600);
        }
        return String.format(Locale.ROOT, "%.1f d", seconds / 86_400);
    }
}
