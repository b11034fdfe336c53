package dev.sluice.examples.camel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CamelRouteExampleTest {

    @Test
    void routeMovesEveryOrderFromTheQueueToTheTopicWithItsHeader(TestDatabase db) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        var received = CamelRouteExample.run(db.jdbcUrl(), db.user(), db.password(),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String text = output.toString(StandardCharsets.UTF_8);
        // each publish of the route comes from a session of its own, and JMS orders messages only per session
        assertThat(received).as(text).containsExactlyInAnyOrder("order #3001", "order #3002", "order #3003");
        assertThat(text)
                .contains("Topic examples.camel.shipments delivered: order #3002 (routedBy = camel)")
                .contains("Camel stopped");
    }
}
