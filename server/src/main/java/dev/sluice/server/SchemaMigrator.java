package dev.sluice.server;

import dev.sluice.db.SchemaVersion;
import dev.sluice.schema.SchemaMigration;

/**
 * Migrates Sluice's schema for {@code sluice server} (at start, on an external database; the embedded one migrates
 * itself) and {@code sluice migrate}, with the storage layer's exceptions: an unreachable database, a role that
 * may not create or migrate the schema (saying what would fix it), or the failed migration. Stateless.
 */
public final class SchemaMigrator {

    private SchemaMigrator() {
    }

    /**
     * @throws dev.sluice.db.DatabaseUnavailableException when PostgreSQL cannot be reached or refuses the login
     * @throws dev.sluice.db.AccessDeniedException        when the role may not create or migrate the schema
     * @throws dev.sluice.db.SluiceDatabaseException      when a migration fails
     */
    public static SchemaMigration.Outcome migrate(String jdbcUrl, String user, String password) {
        try {
            return SchemaMigration.migrate(jdbcUrl, user, password);
        } catch (RuntimeException e) {
            throw SchemaVersion.explainMigrationFailure(jdbcUrl, user, password, e);
        }
    }
}
