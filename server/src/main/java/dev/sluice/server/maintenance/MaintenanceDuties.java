package dev.sluice.server.maintenance;

import dev.sluice.db.Database;
import dev.sluice.db.log.PendingStore;
import dev.sluice.db.maintenance.ByteCounter;
import dev.sluice.db.maintenance.ExpiredMessageReaper;
import dev.sluice.db.maintenance.LeaseReaper;
import dev.sluice.db.maintenance.MessageVacuum;
import dev.sluice.db.maintenance.OrphanReaper;
import dev.sluice.db.maintenance.RetentionEnforcer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The standard duties of the maintenance leader, in the order they run:
 * <ol>
 *   <li>{@code sessions}: expire coordination sessions whose heartbeats stopped, with their ephemeral nodes (every
 *       live coordinator does this too; the leader makes sure it happens);</li>
 *   <li>{@code pending}: publish messages of committed application and XA transactions into the log, in case no
 *       Sluice client is running to do it (every client's engine does it too);</li>
 *   <li>{@code orphans}: delete temporary destinations and non-durable subscriptions of sessions that are gone;</li>
 *   <li>{@code leases}: make records whose lease ran out available again and wake waiting consumers;</li>
 *   <li>{@code expiry}: delete expired messages;</li>
 *   <li>{@code statistics}: count the bytes appended since the last run;</li>
 *   <li>{@code retention}: apply each destination's retention by time and size;</li>
 *   <li>{@code vacuum}: VACUUM the log tables once expiry and retention deleted {@code vacuumThreshold} rows since
 *       the last time, so their space is reused instead of the tables growing.</li>
 * </ol>
 * Stateless factory.
 */
public final class MaintenanceDuties {

    private MaintenanceDuties() {
    }

    /**
     * @param sessionSweep expires dead coordination sessions and returns how many (the server's coordinator)
     */
    public static List<MaintenanceDuty> standard(Database database, LongSupplier sessionSweep, long vacuumThreshold) {
        PendingStore pending = new PendingStore(database.jdbi());
        OrphanReaper orphans = new OrphanReaper(database.jdbi());
        LeaseReaper leases = new LeaseReaper(database.jdbi());
        ExpiredMessageReaper expiry = new ExpiredMessageReaper(database.jdbi());
        ByteCounter bytes = new ByteCounter(database.jdbi());
        RetentionEnforcer retention = new RetentionEnforcer(database.jdbi());
        MessageVacuum vacuum = new MessageVacuum(database.jdbi());
        AtomicLong deletedSinceVacuum = new AtomicLong();
        return List.of(
                MaintenanceDuty.of("sessions", sessionSweep),
                MaintenanceDuty.of("pending", pending::publishAllAndNotify),
                MaintenanceDuty.of("orphans", () -> orphans.reap().total()),
                MaintenanceDuty.of("leases", leases::reap),
                MaintenanceDuty.of("expiry", () -> {
                    long deleted = expiry.reap();
                    deletedSinceVacuum.addAndGet(deleted);
                    return deleted;
                }),
                MaintenanceDuty.of("statistics", bytes::count),
                MaintenanceDuty.of("retention", () -> {
                    long deleted = retention.enforce().messages();
                    deletedSinceVacuum.addAndGet(deleted);
                    return deleted;
                }),
                MaintenanceDuty.of("vacuum", () -> {
                    if (deletedSinceVacuum.get() < vacuumThreshold) {
                        return 0;
                    }
                    deletedSinceVacuum.set(0);
                    vacuum.vacuum();
                    return 1;
                }));
    }
}
