package dev.sluice.db.log;

/**
 * A queue or topic as stored: its id (the leading key of every per-partition row), name, kind and partition
 * count. Immutable.
 *
 * @param retentionMs    how long messages are kept, null for unlimited
 * @param retentionBytes how many body bytes per partition are kept, null for unlimited
 * @param ownerSession   the coordination session owning a temporary destination, null otherwise
 */
public record Destination(int id, String name, DestinationKind kind, int partitionCount, Long retentionMs,
                          Long retentionBytes, Long ownerSession) {

    public boolean temporary() {
        return ownerSession != null;
    }

    @Override
    public String toString() {
        return kind.sqlName() + " '" + name + "'";
    }
}
