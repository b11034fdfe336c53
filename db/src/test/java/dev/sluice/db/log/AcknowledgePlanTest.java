package dev.sluice.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.GenericPlans;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acknowledgements' generic plans (transacted, and grouped for AUTO_ACKNOWLEDGE), made on an empty in-flight
 * table, stay key lookups once it is large.
 */
@ExtendWith(PostgresExtension.class)
class AcknowledgePlanTest {

    @ParameterizedTest(name = "transacted = {0}")
    @ValueSource(booleans = {true, false})
    void acknowledgingABatchTouchesItsOwnRecordsOnly(boolean transacted, TestDatabase db) throws SQLException {
        DatabaseConfig config = DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build();
        try (Database database = Database.open(config)) {
            Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "ack." + transacted, 4);
            Subscription subscription = new SubscriptionStore(database.jdbi()).queueSubscription(queue);
            String arrays = "'{" + repeat(String.valueOf(queue.id())) + "}', '{" + repeat("2") + "}', '{"
                    + repeat(String.valueOf(subscription.id())) + "}', '{"
                    + IntStream.range(44_900, 45_000).mapToObj(String::valueOf).collect(Collectors.joining(","))
                    + "}'";
            String sql = numbered(transacted ? DeliveryStore.ACKNOWLEDGE : GroupAcknowledger.DELETE);
            String arguments = arrays + (transacted ? ", 'holder'" : ", '{" + repeat("holder") + "}'");
            try (Connection connection = database.dataSource().getConnection()) {
                GenericPlans.Execution acknowledged = GenericPlans.afterGrowth(connection, sql, arguments,
                        statement -> {
                            statement.execute("insert into sluice.delivery select " + queue.id() + ", p, "
                                    + subscription.id() + ", o, 1, 'holder', 0"
                                    + " from generate_series(0, 3) p, generate_series(0, 44999) o");
                            statement.execute("delete from sluice.delivery where log_offset < 44800");
                        });
                // 100 records: a few hundred buffers; the hash join over the whole table touched 1,683
                assertThat(acknowledged.sharedBuffers()).as("plan:\n%s", acknowledged.plan()).isLessThan(1_000);
                assertThat(acknowledged.plan()).as("each of the 100 deleted by its row version")
                        .containsPattern("Tid Scan on delivery d \\(actual time=\\S+ rows=1 loops=100\\)");
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
