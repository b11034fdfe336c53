package dev.sluice.jms.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * With {@code sluice-provider}, a client on a database without Sluice's schema creates it at its first connection
 * (as the Jakarta Messaging TCK's runner needs, and development setups expect) and then works.
 */
class AutomaticMigrationTest {

    @Test
    void aClientCreatesAMissingSchemaAndWorks() throws Exception {
        TestDatabase empty = TestPostgres.get().createEmptyDatabase("AutomaticMigration");
        SluiceConnectionFactory factory = new SluiceConnectionFactory(empty.jdbcUrl());
        factory.setUser(empty.user());
        factory.setPassword(empty.password());
        try (JMSContext context = factory.createContext()) {
            Queue queue = context.createQueue("migrated.on.first.use");
            context.createProducer().send(queue, "hello");
            assertThat(context.createConsumer(queue).receiveBody(String.class, 10_000)).isEqualTo("hello");
        }
        try (Connection connection = empty.connect(); Statement statement = connection.createStatement();
             ResultSet versions = statement.executeQuery(
                     "select max(version::int) from sluice.flyway_schema_history where success")) {
            versions.next();
            assertThat(versions.getInt(1)).isEqualTo(dev.sluice.db.SchemaVersion.REQUIRED);
        }
    }
}
