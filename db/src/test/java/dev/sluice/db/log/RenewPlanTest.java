package dev.sluice.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.GenericPlans;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Lease renewal's generic plan, made on an empty in-flight table, stays key lookups once it is large. */
@ExtendWith(PostgresExtension.class)
class RenewPlanTest {

    @Test
    void renewalTouchesItsOwnRecordsOnlyWhateverThePlanWasMadeOn(TestDatabase db) throws SQLException {
        DatabaseConfig config = DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build();
        try (Database database = Database.open(config)) {
            Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "renew", 4);
            Subscription subscription = new SubscriptionStore(database.jdbi()).queueSubscription(queue);
            int n = 0;
            StringBuilder numbered = new StringBuilder();
            for (char c : DeliveryStore.RENEW.toCharArray()) {
                numbered.append(c == '?' ? "$" + ++n : String.valueOf(c));
            }
            String arguments = "30000, '{" + queue.id() + "," + queue.id() + "}'::int4[], '{0,1}'::int4[], '{"
                    + subscription.id() + "," + subscription.id() + "}'::int8[], '{44995,44996}'::int8[], 'holder'";
            try (Connection connection = database.dataSource().getConnection()) {
                GenericPlans.Execution renewed = GenericPlans.afterGrowth(connection, numbered.toString(), arguments,
                        statement -> {
                            statement.execute("insert into sluice.delivery select " + queue.id() + ", p, "
                                    + subscription.id() + ", o, 1, 'holder', 0"
                                    + " from generate_series(0, 3) p, generate_series(0, 44999) o");
                            statement.execute("delete from sluice.delivery where log_offset < 44990");
                        });
                // two records: tens of buffers; the hash join over the whole table touched 1,500
                assertThat(renewed.sharedBuffers()).as("plan:\n%s", renewed.plan()).isLessThan(200);
                assertThat(renewed.plan()).contains("Tid Scan");
            }
        }
    }
}
