package dev.sluice.db.engine;

import dev.sluice.db.log.MessageRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What one client context (a JMS session) has done since its last commit, acknowledgement or rollback: records it
 * was handed and has not acknowledged, and, in a transacted context, messages sent but not written yet.
 * {@link Engine#commit} writes both in one database transaction, so they take effect together or not at all.
 * Confined to its owner (one thread at a time, under the owner's lock).
 */
public final class UnitOfWork {

    /** A message to append at commit. */
    public record Send(int destinationId, int partition, MessageRecord record) {
    }

    private final List<Held> delivered = new ArrayList<>();
    private final List<Send> sends = new ArrayList<>();

    public void delivered(Held record) {
        delivered.add(record);
    }

    public void sent(int destinationId, int partition, MessageRecord record) {
        sends.add(new Send(destinationId, partition, record));
    }

    /** Drops the delivered records of a subscription that no longer exists (its consumer closed). */
    public void forget(long subscriptionId) {
        delivered.removeIf(record -> record.subscriptionId() == subscriptionId);
    }

    /** Drops one delivered record (it went back to its reader's buffer). */
    public void forget(Held record) {
        delivered.remove(record);
    }

    public boolean isEmpty() {
        return delivered.isEmpty() && sends.isEmpty();
    }

    public List<Held> delivered() {
        return List.copyOf(delivered);
    }

    List<Send> sends() {
        return List.copyOf(sends);
    }

    public void clear() {
        delivered.clear();
        sends.clear();
    }
}
