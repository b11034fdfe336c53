package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.JdbcUrls;
import dev.sluice.db.SchemaVersion;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Client commands do not migrate: on a database without Sluice's schema they fail in one line naming
 * {@code sluice migrate}, which creates the schema; a second run finds nothing to do. Each command in a child JVM,
 * against a real, empty PostgreSQL database.
 */
class MigrateCommandTest {

    @Test
    void clientCommandsNameSluiceMigrateWhichCreatesTheSchemaOnce() {
        TestDatabase empty = TestPostgres.get().createEmptyDatabase("migrate_command");
        String where = JdbcUrls.redact(empty.jdbcUrl());

        CommandRun refused = CommandRun.run(as(empty, "queue", "list"));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(SluiceCommand.EXIT_FAILURE);
        assertThat(refused.output()).as(refused.toString()).contains("sluice: The database at " + where
                + " has no Sluice schema ('sluice' does not exist); a client does not create it. Run 'sluice migrate"
                + " --url " + where + "' once as the role that is to own it (or start 'sluice server --jdbc-url"
                + " ...', which migrates at start), then connect again");

        CommandRun migrated = CommandRun.run(as(empty, "migrate"));
        assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
        assertThat(migrated.output()).containsExactly("Schema 'sluice' at " + where + " migrated from nothing to"
                + " version " + SchemaVersion.REQUIRED + " (" + SchemaVersion.REQUIRED + " migrations applied)");

        CommandRun again = CommandRun.run(as(empty, "migrate"));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.output()).containsExactly("Schema 'sluice' at " + where + " is up to date (version "
                + SchemaVersion.REQUIRED + "; this Sluice needs " + SchemaVersion.REQUIRED + ")");

        CommandRun listed = CommandRun.run(as(empty, "queue", "list"));
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
    }

    private static String[] as(TestDatabase login, String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        line.addAll(List.of("--url", login.jdbcUrl(), "--user", login.user(), "--password=" + login.password()));
        return line.toArray(String[]::new);
    }
}
