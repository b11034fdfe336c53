package dev.sluice.server.command;

import dev.sluice.db.JdbcUrls;
import dev.sluice.db.SchemaVersion;
import dev.sluice.schema.SchemaMigration;
import dev.sluice.server.SchemaMigrator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sluice migrate}: creates Sluice's schema in a database, or applies the migrations it lacks, as the login
 * given (which owns a schema it creates). Clients never migrate; {@code sluice server} does at start. Confined to
 * the command's thread.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Create Sluice's schema in a PostgreSQL database, or bring it to this version's; run it as the"
                + " role that is to own the schema (clients only check the version; 'sluice server' migrates at"
                + " start).",
                "For example:  sluice migrate --url jdbc:postgresql://db.example.com/app --user sluice_owner"
                        + " --password"})
public final class MigrateCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        String url = ConnectionOptions.driverUrl(connection.sluiceUrl());
        SchemaMigration.Outcome outcome = SchemaMigrator.migrate(url, connection.user, connection.password);
        String where = JdbcUrls.redact(url);
        if (outcome.applied() == 0) {
            System.out.println("Schema '" + SchemaMigration.SCHEMA + "' at " + where + " is up to date (version "
                    + outcome.toVersion() + "; this Sluice needs " + SchemaVersion.REQUIRED + ")");
        } else {
            System.out.println("Schema '" + SchemaMigration.SCHEMA + "' at " + where + " migrated from "
                    + (outcome.fromVersion() == null ? "nothing" : "version " + outcome.fromVersion())
                    + " to version " + outcome.toVersion() + " (" + outcome.applied() + " migrations applied)");
        }
        return 0;
    }
}
