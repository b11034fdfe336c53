package dev.sluice.examples.jndi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.naming.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class JndiExampleTest {

    @Test
    void plainJmsProgramSendsAndReceivesThroughJndiConfiguration(TestDatabase db) throws Exception {
        String previousUrl = System.getProperty(Context.PROVIDER_URL);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // The program reads jndi.properties; only the database URL is pointed at the test database.
        System.setProperty(Context.PROVIDER_URL, db.jdbcUrl());
        try {
            JndiExample.run(new PrintStream(output, true, StandardCharsets.UTF_8));
        } finally {
            if (previousUrl == null) {
                System.clearProperty(Context.PROVIDER_URL);
            } else {
                System.setProperty(Context.PROVIDER_URL, previousUrl);
            }
        }
        assertThat(output.toString(StandardCharsets.UTF_8)).containsSubsequence(
                "sender sent 3 orders to queue examples.orders and closed its connection",
                "queue examples.orders delivered: order #1001",
                "queue examples.orders delivered: order #1002",
                "queue examples.orders delivered: order #1003",
                "topic examples.prices delivered: EUR/USD 1.0842");
    }
}
