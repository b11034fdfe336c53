package dev.sluice.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies Sluice's Flyway migrations ({@code db/migration/V*__*.sql} in this module, the only place DDL lives) to
 * the schema {@value #SCHEMA}, creating it if missing; the role that runs it owns the schema. Run by
 * {@code sluice server} at start, by {@code sluice migrate}, by the embedded PostgreSQL at start and by the test
 * support for each test database; a client only checks the version ({@code dev.sluice.db.SchemaVersion}).
 * Stateless and thread-safe; concurrent runs on one database are serialised by Flyway's lock.
 */
public final class SchemaMigration {

    /** The schema that holds every Sluice table. */
    public static final String SCHEMA = "sluice";
    private static final String LOCATION = "classpath:db/migration";

    private SchemaMigration() {
    }

    /**
     * What one run did: the schema's version before ({@code null} for a database without the schema) and after,
     * and how many migrations it applied.
     */
    public record Outcome(String fromVersion, String toVersion, int applied) {
    }

    /**
     * Migrates the schema at {@code jdbcUrl} to the newest version this module has.
     *
     * @param user     login role (null: the driver takes it from the URL); it becomes the owner of a new schema
     * @param password its password, or null
     * @throws SchemaMigrationException when PostgreSQL cannot be reached, refuses, or a migration fails; the
     *                                  cause chain holds the driver's {@link java.sql.SQLException} where there
     *                                  is one
     */
    public static Outcome migrate(String jdbcUrl, String user, String password) {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(jdbcUrl, user, password)
                    .schemas(SCHEMA)
                    .defaultSchema(SCHEMA)
                    .createSchemas(true)
                    .locations(LOCATION)
                    .load()
                    .migrate();
            // Flyway leaves the target empty when there was nothing to apply.
            String after = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            return new Outcome(result.initialSchemaVersion, after, result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new SchemaMigrationException("Migrating the schema '" + SCHEMA + "' failed: " + e.getMessage(), e);
        }
    }
}
