package dev.sluice.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class OrderEventExampleTest {

    @Test
    void committedOrdersAreSavedWithTheirEventsAndTheRolledBackOneHasNeither(TestDatabase db) throws Exception {
        // two runs on one database: the second finds the table and the queue as the first left them
        for (int run = 1; run <= 2; run++) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            OrderEventExample.Outcome outcome = OrderEventExample.run(db.jdbcUrl(), db.user(), db.password(),
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            String text = output.toString(StandardCharsets.UTF_8);
            long first = outcome.committed().get(0);
            long third = outcome.committed().get(1);
            assertThat(outcome.events()).as(text).containsExactly(
                    "order " + first + ": 2 books for Ada", "order " + third + ": 4 mugs for Edsger");
            assertThat(rows(db, first)).as("order " + first).isEqualTo(1);
            assertThat(rows(db, outcome.rolledBack())).as("rolled-back order " + outcome.rolledBack()).isZero();
            assertThat(rows(db, third)).as("order " + third).isEqualTo(1);
            // "Committed order N" and the listener's line for N come from two threads, in either order
            assertThat(text).containsSubsequence(
                    "Listener is listening on queue " + OrderEventExample.EVENTS,
                    "Saved order " + first, "Listener received order-created: order " + first,
                    "Payment declined: rolled back order " + outcome.rolledBack(),
                    "Saved order " + third, "Listener received order-created: order " + third,
                    "Events received: 2", "  " + first + " | Ada | 2 books", "  " + third + " | Edsger | 4 mugs");
            assertThat(text).contains("Committed order " + first + " and its event",
                    "Committed order " + third + " and its event");
            assertThat(text).doesNotContain("Listener received order-created: order " + outcome.rolledBack() + ":");
        }
    }

    private static int rows(TestDatabase db, long id) throws SQLException {
        try (Connection sql = db.connect();
             PreparedStatement count = sql.prepareStatement(
                     "select count(*) from " + OrderEventExample.TABLE + " where id = ?")) {
            count.setLong(1, id);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
