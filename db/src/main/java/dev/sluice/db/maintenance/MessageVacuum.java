package dev.sluice.db.maintenance;

import org.jdbi.v3.core.Jdbi;

/**
 * Runs a plain {@code VACUUM} on the log's tables ({@code sluice.message} and {@code sluice.delivery}) so that the
 * space of deleted rows is reused by later appends instead of growing the files. Plain VACUUM takes no lock that
 * blocks reads or writes; it skips pages the visibility map marks all-visible, so on an append-only log it mostly
 * visits the pages that deletes touched. Call it after a run deleted many rows (autovacuum would get there too, but
 * later, while the table grows). Needs to own the tables (the role that migrated the schema). Thread-safe.
 */
public final class MessageVacuum {

    private final Jdbi jdbi;

    public MessageVacuum(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Vacuums the tables; must not be called inside a transaction. */
    public void vacuum() {
        jdbi.useHandle(handle -> {
            handle.execute("vacuum sluice.message");
            handle.execute("vacuum sluice.delivery");
        });
    }
}
