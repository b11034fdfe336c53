package dev.sluice.server.maintenance;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One job of the maintenance leader, such as deleting expired messages. {@link #run()} does one pass and returns
 * how many items it handled (rows deleted, records released, ...). Implementations must be safe to call from the
 * maintenance thread while other processes use the database.
 */
public interface MaintenanceDuty {

    /** A short name, used as the {@code duty} label of the metrics: {@code expiry}, {@code retention}, ... */
    String name();

    /** Does one pass; returns how many items it handled. */
    long run();

    /** A duty named {@code name} that runs {@code action}. */
    static MaintenanceDuty of(String name, LongSupplier action) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        return new MaintenanceDuty() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long run() {
                return action.getAsLong();
            }

            @Override
            public String toString() {
                return "MaintenanceDuty[" + name + "]";
            }
        };
    }
}
