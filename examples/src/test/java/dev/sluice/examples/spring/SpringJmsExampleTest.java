package dev.sluice.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SpringJmsExampleTest {

    @Test
    void jmsTemplateSendsAndTheListenerContainerDeliversEachOrderToThePlainBean(TestDatabase db) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        var shipped = SpringJmsExample.run(db.jdbcUrl(), db.user(), db.password(),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(shipped).as(text).containsExactly(
                "order #2001: 2 books", "order #2002: 1 lamp", "order #2003: 4 mugs");
        assertThat(text).containsSubsequence("Spring context started", "JmsTemplate sent: order #2003",
                "Shipping shipped: order #2003", "Spring context closed");
    }
}
