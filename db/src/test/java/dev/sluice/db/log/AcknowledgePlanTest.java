package dev.sluice.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.GenericPlans;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The acknowledgement's plan (one statement for transacted, client and grouped acknowledgements), made while the
 * statistics say the in-flight table is small, stays key lookups once it has grown, dead rows included.
 */
@ExtendWith(PostgresExtension.class)
class AcknowledgePlanTest {

    @Test
    void acknowledgingABatchTouchesItsOwnRecordsOnly(TestDatabase db) throws SQLException {
        DatabaseConfig config = DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build();
        try (Database database = Database.open(config)) {
            Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "ack.plan", 4);
            Subscription subscription = new SubscriptionStore(database.jdbi()).queueSubscription(queue);
            String arguments = "'{" + repeat(String.valueOf(queue.id())) + "}', '{" + repeat("2") + "}', '{"
                    + repeat(String.valueOf(subscription.id())) + "}', '{"
                    + IntStream.range(44_900, 45_000).mapToObj(String::valueOf).collect(Collectors.joining(","))
                    + "}', '{" + repeat("holder") + "}'";
            try (Connection connection = database.dataSource().getConnection()) {
                // planned while the statistics say the table is small, as when a connection first acknowledges
                try (Statement small = connection.createStatement()) {
                    small.execute("insert into sluice.delivery select " + queue.id() + ", 1, "
                            + "999999, o, 1, 'other', 0 from generate_series(0, 199) o");
                    small.execute("analyze sluice.delivery");
                }
                GenericPlans.Execution acknowledged = GenericPlans.afterGrowth(connection,
                        numbered(DeliveryStore.ACKNOWLEDGE), arguments, statement -> {
                            statement.execute("insert into sluice.delivery select " + queue.id() + ", p, "
                                    + subscription.id() + ", o, 1, 'holder', 0"
                                    + " from generate_series(0, 3) p, generate_series(0, 44999) o");
                            statement.execute("delete from sluice.delivery where log_offset < 44800");
                        });
                assertThat(acknowledged.rows()).isEqualTo(100);
                // 100 key lookups: a few hundred buffers; the hash join over the whole table touched 1,783
                assertThat(acknowledged.sharedBuffers()).as("plan:\n%s", acknowledged.plan()).isLessThan(1_000);
            }
        }
    }

    private static String numbered(String sql) {
        int n = 0;
        StringBuilder numbered = new StringBuilder();
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++n : String.valueOf(c));
        }
        return numbered.toString();
    }

    private static String repeat(String value) {
        return IntStream.range(0, 100).mapToObj(i -> value).collect(Collectors.joining(","));
    }
}
