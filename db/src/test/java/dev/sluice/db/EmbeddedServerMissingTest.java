package dev.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The db module's tests run without {@code sluice-embedded}, as a client application does: a config without a URL
 * then says which dependency to add, or which URL to give, and starts nothing.
 */
class EmbeddedServerMissingTest {

    @Test
    void aConfigWithoutUrlNamesTheDependencyToAddWhenTheEmbeddedDatabaseIsNotOnTheClassPath(@TempDir Path dataDir)
            throws Exception {
        SluiceDatabaseException refused = assertThrows(SluiceDatabaseException.class,
                () -> Database.open(DatabaseConfig.builder().embedded(dataDir, 0).build()));

        assertThat(refused).hasMessage("No database URL was given, and the embedded PostgreSQL is not on the class"
                + " path: add the dependency dev.sluice:sluice-embedded (the version of sluice-client) to run one"
                + " inside this JVM, or give the URL of a running server (./sluice server listens on"
                + " jdbc:postgresql://localhost:15432/postgres?user=postgres; './sluice url' prints it)");
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("nothing written to the data folder").isEmpty();
        }
    }
}
