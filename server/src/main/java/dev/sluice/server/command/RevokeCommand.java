package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.security.DefaultAccess;
import dev.sluice.db.security.GrantStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice revoke PERMISSIONS on queue|topic PATTERN from ROLE}: takes back what {@code sluice grant} gave,
 * for every operation from now on. Warns when no grant covers the pattern any more and the default is open, since
 * the destinations are then open to every role. Confined to the command's thread.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        customSynopsis = "sluice revoke [--url=JDBC_URL] PERMISSIONS on queue|topic PATTERN from ROLE",
        description = {"Take back a grant, on the same pattern it was granted on.",
                "For example:  sluice revoke consume on queue orders.* from billing",
                "Consumers and producers made before keep no right: PostgreSQL refuses their next statement.",
                GrantWords.PERMISSIONS_HELP})
public final class RevokeCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "WORDS", arity = "6", hidden = true)
    List<String> words;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GrantWords revoke = GrantWords.parse(spec.commandLine(), words, "from");
        try (Database database = connection.openDatabase()) {
            GrantStore grants = new GrantStore(database.jdbi());
            int removed = grants.revoke(revoke.permissions(), revoke.kind(), revoke.pattern(), revoke.role());
            System.out.println(removed == 0
                    ? revoke.role() + " had no " + revoke.describe() + " (see sluice grants)"
                    : "Revoked " + revoke.describe() + " from " + revoke.role());
            boolean stillCovered = grants.list().stream().anyMatch(grant -> grant.kind() == revoke.kind()
                    && grant.pattern().equals(revoke.pattern()));
            if (removed > 0 && !stillCovered && grants.defaultAccess() == DefaultAccess.OPEN) {
                System.err.println("Warning: no grant is left on " + revoke.kind().sqlName() + " "
                        + revoke.pattern() + ", so the default (open) applies there unless another pattern covers"
                        + " it: every role may use it (sluice grants default closed closes it)");
            }
            return 0;
        }
    }
}
