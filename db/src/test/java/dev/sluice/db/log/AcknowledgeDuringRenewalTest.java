package dev.sluice.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An acknowledgement that has to wait for a lease renewal of the same records still deletes every one of them: the
 * renewal replaces each row version, and a delete that looked the rows up before the renewal committed must find
 * the versions it wrote (a delete by row version missed them, and the records were delivered again).
 */
@ExtendWith(PostgresExtension.class)
class AcknowledgeDuringRenewalTest {

    private static final int RECORDS = 50;

    @Test
    void anAcknowledgementWaitingForARenewalDeletesTheRenewedRecords(TestDatabase db) throws Exception {
        DatabaseConfig config = DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build();
        try (Database database = Database.open(config)) {
            Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "renewed", 1);
            Subscription subscription = new SubscriptionStore(database.jdbi()).queueSubscription(queue);
            new LogStore(database.jdbi()).append(queue.id(), 0, IntStream.range(0, RECORDS)
                    .mapToObj(i -> TestMessages.text("m" + i)).toList());
            DeliveryStore deliveries = new DeliveryStore(database.jdbi());
            List<Delivery> held = deliveries.acquire(subscription, 0, "holder", RECORDS, 60_000,
                    RecordFilter.DELIVER_ALL);
            assertThat(held).hasSize(RECORDS);
            Integer[] destinationIds = filled(new Integer[RECORDS], queue.id());
            Integer[] partitions = filled(new Integer[RECORDS], 0);
            Long[] subscriptionIds = filled(new Long[RECORDS], subscription.id());
            Long[] offsets = held.stream().map(d -> d.message().offset()).toArray(Long[]::new);

            try (Connection renewing = database.dataSource().getConnection();
                 Connection acknowledging = database.dataSource().getConnection()) {
                renewing.setAutoCommit(false);
                try (PreparedStatement renewal = renewing.prepareStatement(DeliveryStore.RENEW)) {
                    renewal.setLong(1, 120_000);
                    renewal.setArray(2, renewing.createArrayOf("int4", destinationIds));
                    renewal.setArray(3, renewing.createArrayOf("int4", partitions));
                    renewal.setArray(4, renewing.createArrayOf("int8", subscriptionIds));
                    renewal.setArray(5, renewing.createArrayOf("int8", offsets));
                    renewal.setString(6, "holder");
                    assertThat(renewal.executeUpdate()).isEqualTo(RECORDS);
                }
                int acknowledger = backendPid(acknowledging);
                CompletableFuture<Integer> acknowledged = CompletableFuture.supplyAsync(() -> deliveries
                        .acknowledge(acknowledging, destinationIds, partitions, subscriptionIds, offsets, "holder"));
                Await.until(() -> waitsForALock(database, acknowledger), Duration.ofSeconds(30),
                        () -> "the acknowledgement never waited for the renewal's row locks");
                renewing.commit();

                assertThat(acknowledged.get(30, TimeUnit.SECONDS)).as("records acknowledged").isEqualTo(RECORDS);
            }
            long inFlight = database.jdbi().withHandle(handle -> handle.createQuery(
                    "select count(*) from sluice.delivery where subscription_id = :s")
                    .bind("s", subscription.id()).mapTo(Long.class).one());
            assertThat(inFlight).as("records still in flight").isZero();
        }
    }

    private static <T> T[] filled(T[] array, T value) {
        Arrays.fill(array, value);
        return array;
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean waitsForALock(Database database, int pid) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "select count(*) from pg_stat_activity where pid = :pid and wait_event_type = 'Lock'")
                .bind("pid", pid).mapTo(Long.class).one()) > 0;
    }
}
