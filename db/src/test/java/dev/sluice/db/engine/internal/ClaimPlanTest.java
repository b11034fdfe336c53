package dev.sluice.db.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.GenericPlans;
import dev.sluice.db.engine.ClaimFilter;
import dev.sluice.db.engine.Engine;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.Subscription;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The claim statement's generic plan, made while the tables were empty, must stay a plan of key lookups once the
 * log and the in-flight table are large: it is the plan every pooled connection keeps. Measured in buffers the
 * execution touches, not in time.
 */
@ExtendWith(PostgresExtension.class)
class ClaimPlanTest {

    @ParameterizedTest(name = "sweeping = {0}")
    @ValueSource(booleans = {false, true})
    void aPlanMadeOnEmptyTablesStaysKeyLookupsWhenTheyAreLarge(boolean sweeping, TestDatabase db)
            throws SQLException {
        DatabaseConfig config = DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build();
        try (Engine engine = Engine.open(config, "claim-plan-test")) {
            Destination queue = engine.destinations().create(DestinationKind.QUEUE, "plan." + sweeping, 4);
            Subscription subscription = engine.subscriptions().queueSubscription(queue);
            ClaimStatement claim = new ClaimStatement(engine.database().relaxedJdbi(), subscription, ClaimFilter.ALL);
            List<String> names = new ArrayList<>();
            String sql = claim.numberedSql(sweeping, names);
            String arguments = names.stream().map(name -> switch (name) {
                case "destination" -> String.valueOf(queue.id());
                case "subscription" -> String.valueOf(subscription.id());
                case "holder" -> "'test-holder'";
                case "lease" -> "30000";
                case "max" -> "100";
                case "rotation" -> "0";
                case "scan" -> "256";
                case "bytes" -> "1048576";
                case "margin" -> "1000";
                case "producer" -> "null";
                default -> throw new IllegalStateException("unknown parameter " + name);
            }).collect(Collectors.joining(", "));
            try (Connection connection = engine.database().dataSource().getConnection()) {
                GenericPlans.Execution claimed = GenericPlans.afterGrowth(connection, sql, arguments, statement -> {
                    statement.execute("insert into sluice.message (destination_id, partition, log_offset,"
                            + " message_id, sent_at, body_type, body) select " + queue.id() + ", i % 4, i / 4,"
                            + " 'ID:' || i, 1, 1, decode(repeat('ab', 100), 'hex') from generate_series(0, 199999) i");
                    statement.execute("update sluice.log_partition set next_offset = 50000 where destination_id = "
                            + queue.id());
                    // 180,000 acknowledged (dead) and 40 held by a holder whose lease ran out
                    statement.execute("insert into sluice.delivery select " + queue.id() + ", p, "
                            + subscription.id() + ", o, 1, 'dead-holder', 0"
                            + " from generate_series(0, 3) p, generate_series(0, 44999) o");
                    statement.execute("delete from sluice.delivery where log_offset < 44990");
                    statement.execute("update sluice.subscription_cursor set fetch_offset = 45000"
                            + " where subscription_id = " + subscription.id());
                });
                // 100 new and 40 retaken records: a few thousand buffers; the plan that joined the log by
                // destination alone touched 1,247,502
                assertThat(claimed.sharedBuffers()).as("buffers of the claim, plan:\n%s", claimed.plan())
                        .isLessThan(20_000);
                // plus the marker row: records remain beyond the claim's window
                assertThat(claimed.rows()).as("rows the claim returned, plan:\n%s", claimed.plan())
                        .isEqualTo((sweeping ? 140 : 100) + 1);
            }
        }
    }
}
