package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.maintenance.DestinationStatistics;
import dev.sluice.db.maintenance.LogStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code sluice queue|topic list}. Confined to the command's thread. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the destinations with their message counts.")
public final class ListCommand implements Callable<Integer> {

    @ParentCommand
    DestinationKindCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--temporary", description = "Include the temporary destinations of live connections.")
    boolean temporary;

    @Override
    public Integer call() {
        try (Database database = connection.openDatabase()) {
            List<List<String>> rows = new ArrayList<>();
            for (DestinationStatistics destination : new LogStatistics(database.jdbi()).destinations()) {
                if (destination.kind() != parent.kind() || (destination.temporary() && !temporary)) {
                    continue;
                }
                rows.add(List.of(destination.name() + (destination.temporary() ? " (temporary)" : ""),
                        Integer.toString(destination.partitions()),
                        Long.toString(destination.messagesIn()),
                        Long.toString(destination.messagesOut()),
                        Integer.toString(destination.subscriptions()),
                        Ages.format(destination.oldestUnconsumedAgeMs()),
                        RetentionOptions.describe(destination.retentionMs(), destination.retentionBytes())));
            }
            TablePrinter.print(System.out, List.of("name", "partitions", "messages in", "messages out",
                    "subscriptions", "oldest unconsumed", "retention"), rows, Set.of(1, 2, 3, 4));
            return 0;
        }
    }
}
