package dev.sluice.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lease renewal never waits for a record another transaction holds locked: renewal locks many records in no set
 * order, and waiting made deadlocks with acknowledgements deleting them (seen in the benchmark's soak: a 1 s stall
 * at the deadlock timeout, and failed acknowledgements, so duplicates).
 */
@ExtendWith(PostgresExtension.class)
class LeaseRenewalTest {

    @Test
    void renewalSkipsARecordBeingAcknowledgedAndRenewsTheOthers(TestDatabase db) throws Exception {
        DatabaseConfig config = DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build();
        try (Database database = Database.open(config)) {
            Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "renewal", 1);
            Subscription subscription = new SubscriptionStore(database.jdbi()).queueSubscription(queue);
            DeliveryStore deliveries = new DeliveryStore(database.jdbi(), Clock.systemUTC());
            database.jdbi().useHandle(handle -> handle.execute("insert into sluice.delivery select ?, 0, ?, o, 1,"
                    + " 'holder', 0 from generate_series(0, 1) o", queue.id(), subscription.id()));
            try (Connection acknowledging = database.dataSource().getConnection()) {
                acknowledging.setAutoCommit(false);
                acknowledging.createStatement().execute("delete from sluice.delivery where log_offset = 0");
                CompletableFuture<Integer> renewed = CompletableFuture.supplyAsync(() -> deliveries.renew("holder",
                        30_000, new Integer[] {queue.id(), queue.id()}, new Integer[] {0, 0},
                        new Long[] {subscription.id(), subscription.id()}, new Long[] {0L, 1L}));
                Await.until(renewed::isDone, Duration.ofSeconds(10),
                        () -> "renewal waited for the record being acknowledged");
                assertThat(renewed.get()).as("renewed: the record not locked").isEqualTo(1);
                acknowledging.commit();
            }
            List<Long> leases = database.jdbi().withHandle(handle -> handle.select(
                    "select lease_until from sluice.delivery where destination_id = ? order by log_offset", queue.id())
                    .mapTo(Long.class).list());
            assertThat(leases).hasSize(1).allMatch(lease -> lease > 0);
        }
    }
}
