package dev.sluice.db.engine;

/**
 * How much a reader claims at once: at most {@code messages} records, and new records only while their bodies stay
 * within {@code bytes} (the first is taken however large, so a message larger than the budget is still delivered;
 * a selector judged in Java splits both evenly over the partitions). Records available again (released, orphaned)
 * are bounded by the count only. Immutable.
 */
public record Prefetch(int messages, long bytes) {

    /** A few large messages at a time: 4 MiB. */
    public static final long DEFAULT_BYTES = 4L * 1024 * 1024;

    public Prefetch {
        if (messages < 1) {
            throw new IllegalArgumentException("prefetch " + messages + " must be at least 1");
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("prefetch bytes " + bytes + " must be at least 1");
        }
    }
}
