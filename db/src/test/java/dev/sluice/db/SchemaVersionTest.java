package dev.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.schema.SchemaMigration;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client checks the schema version and never migrates: against a database without Sluice's schema, or with an
 * older one, {@link Database#open} fails naming {@code sluice migrate}; once migrated it opens. Real PostgreSQL.
 */
@ExtendWith(PostgresExtension.class)
class SchemaVersionTest {

    private static Database open(TestDatabase db) {
        return Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .poolSize(1).build());
    }

    @Test
    void aClientAgainstAnEmptyDatabaseIsToldToRunSluiceMigrateAndCreatesNothing() throws SQLException {
        TestDatabase empty = TestPostgres.get().createEmptyDatabase("schema_version_empty");

        SchemaNotMigratedException refused = assertThrows(SchemaNotMigratedException.class, () -> open(empty));

        assertThat(refused).hasMessageStartingWith("The database at " + JdbcUrls.redact(empty.jdbcUrl())
                        + " has no Sluice schema ('sluice' does not exist); a client does not create it.")
                .hasMessageContaining("Run 'sluice migrate --url " + JdbcUrls.redact(empty.jdbcUrl()) + "'");
        assertThat(refused.foundVersion()).isNull();
        assertThat(refused.requiredVersion()).isEqualTo(SchemaVersion.REQUIRED);
        assertThat(query(empty, "select count(*) from pg_namespace where nspname = 'sluice'")).isZero();
    }

    @Test
    void aClientAgainstAnOlderSchemaIsToldBothVersionsAndTheCommandThenOpensOnceMigrated() throws SQLException {
        TestDatabase db = TestPostgres.get().createEmptyDatabase("schema_version_older");
        SchemaMigration.migrate(db.jdbcUrl(), db.user(), db.password());
        // As a database migrated by the previous Sluice would record it.
        execute(db, "delete from sluice.flyway_schema_history where version = '" + SchemaVersion.REQUIRED + "'");

        SchemaNotMigratedException refused = assertThrows(SchemaNotMigratedException.class, () -> open(db));

        assertThat(refused).hasMessage("Sluice's schema at " + JdbcUrls.redact(db.jdbcUrl()) + " is at version "
                + (SchemaVersion.REQUIRED - 1) + "; this client needs version " + SchemaVersion.REQUIRED
                + ". Run 'sluice migrate --url " + JdbcUrls.redact(db.jdbcUrl()) + "' as the schema's owner "
                + db.user() + " (or restart 'sluice server' of this version, which migrates at start), then"
                + " connect again");
        assertThat(refused.foundVersion()).isEqualTo(SchemaVersion.REQUIRED - 1);

        execute(db, "insert into sluice.flyway_schema_history (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success) select max(installed_rank) + 1, '"
                + SchemaVersion.REQUIRED + "', 'restored', 'SQL', 'restored', null, current_user, 0, true"
                + " from sluice.flyway_schema_history");
        try (Database database = open(db)) {
            assertThat(new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "after.migration", 1)
                    .name()).isEqualTo("after.migration");
        }
    }

    @Test
    void aFailedMigrationIsReportedAsHalfMigrated() throws SQLException {
        TestDatabase db = TestPostgres.get().createEmptyDatabase("schema_version_failed");
        SchemaMigration.migrate(db.jdbcUrl(), db.user(), db.password());
        execute(db, "update sluice.flyway_schema_history set success = false where version = '"
                + SchemaVersion.REQUIRED + "'");

        SchemaNotMigratedException refused = assertThrows(SchemaNotMigratedException.class, () -> open(db));

        assertThat(refused).hasMessageContaining("is half-migrated: migration V" + SchemaVersion.REQUIRED
                + " failed. Run 'sluice migrate --url ");
    }

    @Test
    void theVersionIsAskedOncePerDatabaseAndLoginInAJvm() throws SQLException {
        TestDatabase db = TestPostgres.get().createEmptyDatabase("schema_version_once");
        SchemaMigration.migrate(db.jdbcUrl(), db.user(), db.password());
        open(db).close();
        // Were it asked again, the missing history table would make the next open fail.
        execute(db, "alter table sluice.flyway_schema_history rename to flyway_schema_history_hidden");

        try (Database again = open(db)) {
            assertThat(new DestinationStore(again.jdbi()).create(DestinationKind.QUEUE, "asked.once", 1).name())
                    .isEqualTo("asked.once");
        }
    }

    @Test
    void requiredVersionIsTheNewestMigration(TestDatabase migrated) throws SQLException {
        assertThat(query(migrated, "select max(version::int) from sluice.flyway_schema_history"))
                .as("SchemaVersion.REQUIRED must name the newest migration of sluice-schema: raise it with each"
                        + " new V<n>__*.sql")
                .isEqualTo(SchemaVersion.REQUIRED);
        try (Database database = open(migrated)) {
            assertThat(database.jdbcUrl()).isEqualTo(migrated.jdbcUrl());
        }
    }

    private static int query(TestDatabase db, String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
