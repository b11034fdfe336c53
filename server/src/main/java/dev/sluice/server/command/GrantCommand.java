package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.security.GrantStore;
import dev.sluice.server.CommandFailedException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice grant PERMISSIONS on queue|topic PATTERN to ROLE}: lets a PostgreSQL role (and its members) do
 * something on the destinations a pattern covers, existing or created later. Takes the schema's owner or a member
 * of sluice_admin. Confined to the command's thread.
 */
@Command(name = "grant", mixinStandardHelpOptions = true,
        customSynopsis = "sluice grant [--url=JDBC_URL] PERMISSIONS on queue|topic PATTERN to ROLE",
        description = {"Let a PostgreSQL role send, consume, browse, create, delete or manage the destinations a"
                        + " name or pattern covers.",
                "For example:  sluice grant consume on queue orders.* to billing",
                "Once a grant covers a destination, only the roles granted may do there what they were granted;"
                        + " destinations no grant covers follow the default (sluice grants default).",
                GrantWords.PERMISSIONS_HELP})
public final class GrantCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "WORDS", arity = "6", hidden = true)
    List<String> words;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GrantWords grant = GrantWords.parse(spec.commandLine(), words, "to");
        try (Database database = connection.openDatabase()) {
            int added = new GrantStore(database.jdbi()).grant(grant.permissions(), grant.kind(), grant.pattern(),
                    grant.role());
            System.out.println("Granted " + grant.describe() + " to " + grant.role()
                    + (added == 0 ? " (it had that already)" : ""));
            return 0;
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }
}
