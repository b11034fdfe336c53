package dev.sluice.jms.migration;

import dev.sluice.db.AutomaticMigration;
import dev.sluice.db.SchemaVersion;
import dev.sluice.schema.SchemaMigration;

/**
 * The migration a client of {@code sluice-provider} runs when it finds Sluice's schema missing or older than it
 * needs: Flyway with the migrations of {@code sluice-schema}, as the client's login. Stateless.
 */
public final class FlywayMigration implements AutomaticMigration {

    @Override
    public void migrate(String jdbcUrl, String user, String password) {
        try {
            SchemaMigration.migrate(jdbcUrl, user, password);
        } catch (RuntimeException e) {
            throw SchemaVersion.explainMigrationFailure(jdbcUrl, user, password, e);
        }
    }
}
