package dev.sluice.db.maintenance;

import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationNotFoundException;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads and changes a destination's retention: how long ({@code retention_ms}) and how many body bytes per
 * partition ({@code retention_bytes}) its log keeps; null means unlimited. {@link RetentionEnforcer} applies them.
 * Thread-safe.
 */
public final class RetentionSettings {

    private final Jdbi jdbi;

    public RetentionSettings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Sets both limits of a destination (null: unlimited).
     *
     * @throws IllegalArgumentException     when a limit is not positive
     * @throws DestinationNotFoundException when there is no such destination
     */
    public void set(DestinationKind kind, String name, Long retentionMs, Long retentionBytes) {
        if (retentionMs != null && retentionMs <= 0) {
            throw new IllegalArgumentException("Retention time of " + kind.sqlName() + " '" + name + "' must be"
                    + " positive, got " + retentionMs + " ms (leave it out for unlimited)");
        }
        if (retentionBytes != null && retentionBytes <= 0) {
            throw new IllegalArgumentException("Retention size of " + kind.sqlName() + " '" + name + "' must be"
                    + " positive, got " + retentionBytes + " bytes (leave it out for unlimited)");
        }
        int updated = jdbi.withHandle(handle -> handle.createUpdate("update sluice.destination"
                        + " set retention_ms = :ms, retention_bytes = :bytes where kind = :kind and name = :name")
                .bind("ms", retentionMs)
                .bind("bytes", retentionBytes)
                .bind("kind", kind.sqlName())
                .bind("name", name)
                .execute());
        if (updated != 1) {
            throw new DestinationNotFoundException(kind, name);
        }
    }

    /** Sets the limits of a stored destination. */
    public void set(Destination destination, Long retentionMs, Long retentionBytes) {
        set(destination.kind(), destination.name(), retentionMs, retentionBytes);
    }
}
