package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.log.DeadLetterPolicy;
import dev.sluice.db.log.DestinationNotFoundException;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.RedeliveryPolicy;
import dev.sluice.db.maintenance.DestinationStatistics;
import dev.sluice.db.maintenance.LogStatistics;
import dev.sluice.db.maintenance.PartitionStatistics;
import dev.sluice.db.maintenance.SubscriptionStatistics;
import dev.sluice.server.CommandFailedException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sluice queue|topic describe NAME}: the destination's settings and figures, its partitions with their
 * offsets, its subscriptions with lag and in-flight counts. Confined to the command's thread.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Show a destination: partitions with their offsets, subscriptions with lag and in-flight"
                + " messages.")
public final class DescribeCommand implements Callable<Integer> {

    @ParentCommand
    DestinationKindCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "NAME", description = "The destination's name.")
    String name;

    @Override
    public Integer call() {
        try (Database database = connection.openDatabase()) {
            LogStatistics statistics = new LogStatistics(database.jdbi());
            DestinationStatistics destination = statistics.destination(parent.kind(), name)
                    .orElseThrow(() -> new CommandFailedException("There is no " + parent.kind().sqlName()
                            + " named '" + name + "'", new DestinationNotFoundException(parent.kind(), name)));
            DestinationStore destinations = new DestinationStore(database.jdbi());
            print(System.out, destination, destinations.deadLetterPolicy(destination.id()),
                    destinations.expiryQueue(destination.id()).orElse(null),
                    destinations.redeliveryPolicy(destination.id()), statistics.partitions(destination.id()),
                    statistics.subscriptions(destination.id()));
            return 0;
        }
    }

    static void print(PrintStream out, DestinationStatistics destination, DeadLetterPolicy deadLetters,
                      String expiryQueue, RedeliveryPolicy redelivery, List<PartitionStatistics> partitions,
                      List<SubscriptionStatistics> subscriptions) {
        out.println(destination.kind().sqlName() + " '" + destination.name() + "'"
                + (destination.temporary() ? " (temporary)" : ""));
        out.println("  partitions:        " + destination.partitions());
        out.println("  retention:         " + RetentionOptions.describe(destination.retentionMs(),
                destination.retentionBytes()));
        out.println("  dead letters:      " + deadLetters.describe());
        out.println("  expired messages:  " + DeadLetterOptions.describeExpiry(expiryQueue));
        out.println("  redelivery:        " + redelivery.describe());
        out.println("  messages in:       " + destination.messagesIn());
        out.println("  messages out:      " + destination.messagesOut());
        out.println("  bytes in / stored: " + ByteSizeConverter.format(destination.bytesIn()) + " / "
                + ByteSizeConverter.format(destination.bytesStored()));
        out.println("  oldest unconsumed: " + (destination.oldestUnconsumedAgeMs() == null ? "none"
                : Ages.format(destination.oldestUnconsumedAgeMs()) + " old"));
        out.println("  created:           " + destination.createdAt());
        out.println();
        List<List<String>> partitionRows = new ArrayList<>();
        for (PartitionStatistics partition : partitions) {
            partitionRows.add(List.of(Integer.toString(partition.partition()),
                    Long.toString(partition.startOffset()), Long.toString(partition.nextOffset()),
                    Long.toString(partition.nextOffset() - partition.startOffset()),
                    Long.toString(partition.bytesStored()), Long.toString(partition.messagesExpired()),
                    Long.toString(partition.messagesRetention())));
        }
        TablePrinter.print(out, List.of("partition", "start offset", "next offset", "offsets kept", "bytes stored",
                "expired", "retention removed"), partitionRows, Set.of(0, 1, 2, 3, 4, 5, 6));
        out.println();
        List<List<String>> subscriptionRows = new ArrayList<>();
        for (SubscriptionStatistics subscription : subscriptions) {
            subscriptionRows.add(List.of(subscription.name(),
                    subscription.durable() ? "durable" : "non-durable",
                    subscription.shared() ? "yes" : "no",
                    subscription.clientId() == null ? "" : subscription.clientId(),
                    subscription.selector() == null ? "" : subscription.selector(),
                    Long.toString(subscription.lag()), Long.toString(subscription.inFlight()),
                    Long.toString(subscription.consumed()), Ages.format(subscription.oldestUnconsumedAgeMs())));
        }
        TablePrinter.print(out, List.of("subscription", "kind", "shared", "client id", "selector", "lag",
                "in flight", "consumed", "oldest unconsumed"), subscriptionRows, Set.of(5, 6, 7));
    }
}
