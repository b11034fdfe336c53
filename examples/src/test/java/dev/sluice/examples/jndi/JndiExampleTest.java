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
        PrintStream previousOut = System.out;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // The program reads jndi.properties; only the database URL is pointed at the test database.
        System.setProperty(Context.PROVIDER_URL, db.jdbcUrl());
        System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
        try {
            JndiExample.main(new String[0]);
        } finally {
            System.setOut(previousOut);
            if (previousUrl == null) {
                System.clearProperty(Context.PROVIDER_URL);
            } else {
                System.setProperty(Context.PROVIDER_URL, previousUrl);
            }
        }
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("queue examples.orders delivered: order #1001")
                .contains("topic examples.prices delivered: EUR/USD 1.0842");
    }
}
