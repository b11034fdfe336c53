package dev.sluice.db.log;

import java.util.Locale;

/**
 * How long a destination's released record waits before it is delivered again: {@code delayMs} after the first
 * failed delivery, multiplied by {@code multiplier} after each further one, at most {@code maxDelayMs} (null: no
 * limit but a year). A delay of 0 redelivers at once.
 */
public record RedeliveryPolicy(long delayMs, double multiplier, Long maxDelayMs) {

    public static final RedeliveryPolicy AT_ONCE = new RedeliveryPolicy(0, 1, null);

    public RedeliveryPolicy {
        if (delayMs < 0) {
            throw new IllegalArgumentException("The redelivery delay must not be negative, not " + delayMs + " ms");
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("The redelivery multiplier must be a number of at least 1, not "
                    + multiplier);
        }
        if (maxDelayMs != null && maxDelayMs < 0) {
            throw new IllegalArgumentException("The maximum redelivery delay must not be negative, not " + maxDelayMs
                    + " ms");
        }
    }

    /** "at once", "after 5000 ms, x2.0 each time, at most 600000 ms". */
    public String describe() {
        if (delayMs == 0) {
            return "at once";
        }
        return "after " + delayMs + " ms"
                + (multiplier > 1 ? String.format(Locale.ROOT, ", x%.1f each time", multiplier) : "")
                + (maxDelayMs != null ? ", at most " + maxDelayMs + " ms" : "");
    }
}
