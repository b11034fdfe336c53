package dev.sluice.db.engine;

import dev.sluice.db.Database;
import java.time.Clock;
import java.time.Duration;

/**
 * Aligns a JVM's clock with the database's: the offset is measured once, from the midpoint of the fastest of a few
 * {@code select sluice.now_ms()} round trips, so it is right to within half a round trip plus the milliseconds'
 * rounding; an offset no larger than that is taken as none. Stateless.
 */
final class DatabaseClock {

    private static final int PROBES = 5;

    private DatabaseClock() {
    }

    static Clock aligned(Database database, Clock local) {
        long bestRoundTrip = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < PROBES; i++) {
            long before = local.millis();
            long started = System.nanoTime();
            long databaseNow = database.jdbi().withHandle(handle -> handle.createQuery("select sluice.now_ms()")
                    .mapTo(Long.class).one());
            long roundTrip = System.nanoTime() - started;
            if (roundTrip < bestRoundTrip) {
                bestRoundTrip = roundTrip;
                offset = databaseNow - (before + roundTrip / 2_000_000L);
            }
        }
        // Both clocks are read in whole milliseconds, so an offset within half the round trip plus 1 ms is noise:
        // left uncorrected, so that a JVM on the database's machine keeps its own clock (a JMSTimestamp 1 ms
        // ahead of the sender's own clock falls outside the send it was taken in, as the TCK checks).
        long uncertainty = bestRoundTrip / 2_000_000L + 1;
        return Math.abs(offset) <= uncertainty ? local : Clock.offset(local, Duration.ofMillis(offset));
    }
}
