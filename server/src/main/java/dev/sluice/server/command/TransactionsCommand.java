package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.log.PendingStore;
import dev.sluice.server.CommandFailedException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice transactions}: the XA transactions Sluice prepared in the database and nobody committed or rolled
 * back yet, typically left by an application that died between the two phases while its transaction manager has
 * not recovered. Each holds its messages back and keeps the rows it touched locked. {@code --commit} and
 * {@code --rollback} complete one by hand, for when its transaction manager is gone for good. Confined to the
 * command's thread.
 */
@Command(name = "transactions", mixinStandardHelpOptions = true,
        description = "List Sluice's prepared XA transactions not completed yet; complete one by hand with"
                + " --commit or --rollback when its transaction manager cannot.")
public final class TransactionsCommand implements Callable<Integer> {

    /** Sluice's gids: see the provider's XaGid. Checked before a gid is put into a statement. */
    private static final Pattern SLUICE_GID = Pattern.compile("sluice:-?[0-9]+:[A-Za-z0-9+/=]*:[A-Za-z0-9+/=]*");

    private static final String LIST = """
            select gid,
                   split_part(gid, ':', 2) as format_id,
                   encode(decode(split_part(gid, ':', 3), 'base64'), 'hex') as global_id,
                   encode(decode(split_part(gid, ':', 4), 'base64'), 'hex') as branch,
                   prepared,
                   (extract(epoch from now() - prepared) * 1000)::bigint as age_ms,
                   owner
            from pg_prepared_xacts
            where database = current_database() and gid like 'sluice:%'
            order by prepared""";

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--commit", paramLabel = "GID", description = "Commit this prepared transaction.")
    String commit;

    @Option(names = "--rollback", paramLabel = "GID", description = "Roll this prepared transaction back.")
    String rollback;

    @Override
    public Integer call() {
        if (commit != null && rollback != null) {
            throw new CommandFailedException("Give --commit or --rollback, not both");
        }
        try (Database database = connection.openDatabase()) {
            if (commit != null || rollback != null) {
                return complete(database, commit != null ? "commit" : "rollback", commit != null ? commit : rollback);
            }
            List<List<String>> rows = database.jdbi().withHandle(handle -> handle.createQuery(LIST)
                    .map((rs, ctx) -> List.of(rs.getString("gid"), rs.getString("format_id"),
                            rs.getString("global_id"), rs.getString("branch"), String.valueOf(rs.getObject("prepared")),
                            Ages.format(rs.getLong("age_ms")), rs.getString("owner")))
                    .list());
            if (rows.isEmpty()) {
                System.out.println("No prepared XA transactions of Sluice's in this database.");
                return 0;
            }
            TablePrinter.print(System.out, List.of("gid", "format", "global id (hex)", "branch (hex)", "prepared",
                    "age", "role"), rows, Set.of(1));
            System.out.println(rows.size() + " prepared, holding their messages and locks until completed; their"
                    + " transaction manager's recovery completes them, or: sluice transactions --commit|--rollback"
                    + " GID");
            return 0;
        }
    }

    private static int complete(Database database, String outcome, String gid) {
        if (!SLUICE_GID.matcher(gid).matches()) {
            throw new CommandFailedException("'" + gid + "' is not the gid of a Sluice XA transaction (they look"
                    + " like sluice:<format>:<global id>:<branch>; see sluice transactions)");
        }
        try {
            database.jdbi().useHandle(handle -> handle.execute(outcome + " prepared '" + gid + "'"));
        } catch (RuntimeException e) {
            throw new CommandFailedException("Could not " + outcome + " " + gid + ": " + e.getMessage());
        }
        if (outcome.equals("commit")) {
            new PendingStore(database.jdbi()).publishAllAndNotify();
        }
        System.out.println((outcome.equals("commit") ? "Committed " : "Rolled back ") + gid);
        return 0;
    }
}
