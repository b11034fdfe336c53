package dev.sluice.coordination.recipes;

import static dev.sluice.coordination.CoordinationTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.coordination.CoordinationTestSupport;
import dev.sluice.coordination.Coordinator;
import dev.sluice.db.Database;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ConfigValueTest {

    @Test
    void watchedValueFollowsChangesFromAnyClient(TestDatabase db) {
        try (Database database = CoordinationTestSupport.database(db);
             Coordinator writerSession = CoordinationTestSupport.open(database, "writer");
             Coordinator readerSession = CoordinationTestSupport.open(database, "reader")) {
            ConfigValue writer = new ConfigValue(writerSession, "/config/retention-ms");
            ConfigValue reader = new ConfigValue(readerSession, "/config/retention-ms");
            List<Optional<String>> heard = new CopyOnWriteArrayList<>();
            reader.addListener(value -> heard.add(value.map(bytes -> new String(bytes, StandardCharsets.UTF_8))));
            writer.start();
            reader.start();
            assertThat(reader.get()).isEmpty();

            writer.set("60000");
            Await.until(() -> reader.getString().equals(Optional.of("60000")), Timing.seconds(5),
                    () -> "reader has " + reader.getString());
            int version = reader.version();
            assertThat(reader.compareAndSet(version, bytes("120000"))).isTrue();
            assertThat(writer.compareAndSet(version, bytes("1"))).as("stale version").isFalse();
            Await.until(() -> writer.getString().equals(Optional.of("120000")), Timing.seconds(5),
                    () -> "writer has " + writer.getString());
            // A watch re-reads the node, so changes in quick succession may reach a listener as the latest only:
            // the reader must have heard its own write before the delete follows.
            Await.until(() -> reader.getString().equals(Optional.of("120000")), Timing.seconds(5),
                    () -> "reader has " + reader.getString());

            writerSession.delete("/config/retention-ms", -1);
            Await.until(() -> reader.get().isEmpty(), Timing.seconds(5), () -> "reader has " + reader.getString());
            assertThat(heard).containsExactly(Optional.of("60000"), Optional.of("120000"), Optional.empty());
            writer.close();
            reader.close();
        }
    }
}
