package dev.sluice.server.command;

import dev.sluice.db.log.RedeliveryPolicy;
import picocli.CommandLine.Option;

/**
 * {@code --redelivery-delay}, {@code --redelivery-multiplier} and {@code --max-redelivery-delay}: how long a
 * released message (rollback, recover, a listener that threw) waits before it is delivered again. Picocli mixin;
 * confined to the command's thread.
 */
public final class RedeliveryOptions {

    @Option(names = "--redelivery-delay", paramLabel = "DURATION",
            description = "Wait this long before delivering a released message again (e.g. 5s; default 0: at once).")
    String delay;

    @Option(names = "--redelivery-multiplier", paramLabel = "FACTOR",
            description = "Multiply the wait by this after each further failed delivery (default 1).")
    Double multiplier;

    @Option(names = "--max-redelivery-delay", paramLabel = "DURATION",
            description = "Never wait longer than this ('none' = no limit, the default).")
    String maxDelay;

    boolean given() {
        return delay != null || multiplier != null || maxDelay != null;
    }

    /** The policy with the options given applied over {@code current}; fails naming the wrong value. */
    RedeliveryPolicy policy(RedeliveryPolicy current) {
        long delayMs = delay == null ? current.delayMs() : DurationConverter.parse(delay).toMillis();
        Long maxDelayMs = maxDelay == null ? current.maxDelayMs()
                : maxDelay.equalsIgnoreCase("none") ? null : DurationConverter.parse(maxDelay).toMillis();
        try {
            return new RedeliveryPolicy(delayMs, multiplier == null ? current.multiplier() : multiplier, maxDelayMs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid redelivery setting: " + e.getMessage(), e);
        }
    }
}
