package dev.sluice.coordination.internal;

import java.util.Arrays;

/**
 * A PostgreSQL snapshot ({@code pg_current_snapshot()}, text form {@code xmin:xmax:xip,...}) taken by the same
 * statement as a read. It answers whether a change committed by transaction {@code xid} was visible to that read:
 * a watch set by the read ignores notifications of changes the read already saw, and fires for all others. This
 * is what makes a watch exact even though it is registered before the read and notifications travel on another
 * connection. Immutable.
 */
public final class TransactionSnapshot {

    private final long xmin;
    private final long xmax;
    private final long[] inProgress;

    private TransactionSnapshot(long xmin, long xmax, long[] inProgress) {
        this.xmin = xmin;
        this.xmax = xmax;
        this.inProgress = inProgress;
    }

    public static TransactionSnapshot parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a pg_snapshot: '" + text + "'");
        }
        long[] xip = parts[2].isEmpty()
                ? new long[0]
                : Arrays.stream(parts[2].split(",")).mapToLong(Long::parseLong).sorted().toArray();
        return new TransactionSnapshot(Long.parseLong(parts[0]), Long.parseLong(parts[1]), xip);
    }

    /** Whether the transaction {@code xid} had committed (or aborted) before this snapshot was taken. */
    public boolean sees(long xid) {
        if (xid < xmin) {
            return true;
        }
        if (xid >= xmax) {
            return false;
        }
        return Arrays.binarySearch(inProgress, xid) < 0;
    }

    @Override
    public String toString() {
        return xmin + ":" + xmax + ":" + Arrays.toString(inProgress);
    }
}
