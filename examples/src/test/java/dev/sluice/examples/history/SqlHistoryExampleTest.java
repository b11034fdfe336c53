package dev.sluice.examples.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SqlHistoryExampleTest {

    @Test
    void viewShowsEachOrderWithItsPropertiesAndWhetherItWasConsumed(TestDatabase db) throws Exception {
        // two runs on one database: each sees only its own orders
        SqlHistoryExample.run(db.jdbcUrl(), db.user(), db.password(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        SqlHistoryExample.run(db.jdbcUrl(), db.user(), db.password(),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("The EU desk consumed [order #4001, order #4003]")
                .containsPattern(" 4001 +\\| eu +\\| 120.00 +\\| order #4001 +\\| done")
                .containsPattern(" 4002 +\\| us +\\| 75.50 +\\| order #4002 +\\| pending")
                .containsPattern(" 4003 +\\| eu +\\| 18.20 +\\| order #4003 +\\| done")
                .containsPattern(" 4004 +\\| us +\\| 240.00 +\\| order #4004 +\\| pending")
                .containsPattern(" done +\\| 2 +\\| 138.20")
                .containsPattern(" pending +\\| 2 +\\| 315.50")
                .contains("(4 rows)", "(2 rows)");
    }
}
