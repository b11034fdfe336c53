package dev.sluice.examples.requestreply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class RequestReplyExampleTest {

    @Test
    void everyRequestIsAnsweredOnTheTemporaryQueueWithItsCorrelationId(TestDatabase db) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int answered = RequestReplyExample.run(db.jdbcUrl(), db.user(), db.password(),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(answered).as(text).isEqualTo(3);
        assertThat(text)
                .containsPattern("Requestor's replies come to temporary queue \\S+")
                .contains("Requestor got   quote-1: 3 x widget = 29.85 EUR")
                .contains("Requestor got   quote-2: 10 x gadget = 245.00 EUR")
                .contains("Requestor got   quote-3: 1 x gizmo = 120.00 EUR")
                .doesNotContain("No reply within", "unknown correlation ID");
    }
}
