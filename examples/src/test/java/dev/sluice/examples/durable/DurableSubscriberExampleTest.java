package dev.sluice.examples.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DurableSubscriberExampleTest {

    @Test
    void reconnectedSubscriberReceivesWhatWasPublishedWhileItWasOfflineThenUnsubscribes(TestDatabase db)
            throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        var received = DurableSubscriberExample.run(db.jdbcUrl(), db.user(), db.password(),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(received).as(text).containsExactly("EURUSD 1.0871", "GBPUSD 1.2702", "USDJPY 151.38");
        assertThat(text).containsSubsequence("then disconnected", "Published while the subscriber was offline",
                "reconnected", "Received what it missed: EURUSD 1.0871", "Unsubscribed");
        try (Connection sql = db.connect();
             PreparedStatement query = sql.prepareStatement(
                     "select count(*) from sluice.subscription_lag where destination = ? and durable")) {
            query.setString(1, DurableSubscriberExample.TOPIC);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).as("durable subscriptions left on the topic").isZero();
            }
        }
        // a second run finds the same start: the first one left no subscription behind
        assertThat(DurableSubscriberExample.run(db.jdbcUrl(), db.user(), db.password(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).hasSize(3);
    }
}
