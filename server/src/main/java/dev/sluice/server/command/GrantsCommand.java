package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.security.DestinationGrant;
import dev.sluice.db.security.GrantStore;
import dev.sluice.db.security.Permission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sluice grants}: every grant as a table (one row per kind, pattern and role), and the default for
 * destinations no grant covers; {@code sluice grants default open|closed} shows or sets that default. Confined to
 * the command's thread.
 */
@Command(name = "grants", mixinStandardHelpOptions = true,
        description = "List the per-destination permissions granted to PostgreSQL roles, and the default for"
                + " destinations no grant covers.",
        subcommands = DefaultAccessCommand.class)
public final class GrantsCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        try (Database database = connection.openDatabase()) {
            GrantStore grants = new GrantStore(database.jdbi());
            Map<List<String>, List<DestinationGrant>> byRole = new LinkedHashMap<>();
            for (DestinationGrant grant : grants.list()) {
                byRole.computeIfAbsent(List.of(grant.kind().sqlName(), grant.pattern(), grant.role()),
                        key -> new ArrayList<>()).add(grant);
            }
            List<List<String>> rows = new ArrayList<>();
            byRole.forEach((key, granted) -> rows.add(List.of(key.get(0), key.get(1), key.get(2),
                    granted.stream().map(DestinationGrant::permission).map(Permission::sqlName)
                            .collect(Collectors.joining(",")),
                    granted.stream().map(DestinationGrant::grantedBy).distinct().collect(Collectors.joining(",")))));
            TablePrinter.print(System.out, List.of("kind", "pattern", "role", "permissions", "granted by"), rows,
                    Set.of());
            System.out.println("Destinations no grant covers: " + grants.defaultAccess().sqlName()
                    + " (sluice grants default open|closed)");
            return 0;
        }
    }
}
