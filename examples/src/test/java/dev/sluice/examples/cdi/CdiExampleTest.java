package dev.sluice.examples.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CdiExampleTest {

    @Test
    void injectedContextSendsTheListenerBillsAndTheBadOrderIsDeadLettered(TestDatabase db) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        CdiExample.run(db.jdbcUrl(), db.user(), db.password(), new PrintStream(output, true, StandardCharsets.UTF_8));
        assertThat(output.toString(StandardCharsets.UTF_8)).containsSubsequence(
                "OrderDesk placed 3 orders",
                "Billing billed: order #1001 for alice",
                "Billing billed: order #1002 for bob",
                "Dead letter: order #1003 for an unknown customer",
                "SluiceOriginalDestination = queue://examples.cdi.orders",
                "SluiceDeliveryCount       = 10",
                "SluiceLastError           = java.lang.IllegalArgumentException: cannot bill order #1003 for an"
                        + " unknown customer: no such customer",
                "Container stopped");
    }
}
