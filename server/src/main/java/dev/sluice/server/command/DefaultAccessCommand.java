package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.security.DefaultAccess;
import dev.sluice.db.security.GrantStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sluice grants default [open|closed]}. Confined to the command's thread. */
@Command(name = "default", mixinStandardHelpOptions = true,
        description = {"Show or set what roles may do on destinations no grant covers: open (anything; the default,"
                + " so an installation without grants works as before) or closed (nothing but what the schema's"
                + " owner and members of sluice_admin may do everywhere)."})
public final class DefaultAccessCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "open|closed", arity = "0..1", description = "The new default; none: show it.")
    DefaultAccess access;

    @Override
    public Integer call() {
        try (Database database = connection.openDatabase()) {
            GrantStore grants = new GrantStore(database.jdbi());
            if (access != null) {
                grants.setDefaultAccess(access);
                System.out.println("Destinations no grant covers are now " + access.sqlName());
            } else {
                System.out.println("Destinations no grant covers are " + grants.defaultAccess().sqlName());
            }
            return 0;
        }
    }
}
