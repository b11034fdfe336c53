package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.log.DeadLetterPolicy;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.RedeliveryPolicy;
import dev.sluice.db.log.DestinationExistsException;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.maintenance.RetentionSettings;
import dev.sluice.db.security.DestinationAccess;
import dev.sluice.db.security.Permission;
import dev.sluice.server.CommandFailedException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sluice queue|topic create NAME}. Confined to the command's thread. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a destination with its partitions and retention.")
public final class CreateCommand implements Callable<Integer> {

    @ParentCommand
    DestinationKindCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    RetentionOptions retention;

    @Mixin
    DeadLetterOptions deadLetters;

    @Mixin
    RedeliveryOptions redelivery;

    @Parameters(paramLabel = "NAME", description = "Name: letters, digits and . - _ / : $ (case-sensitive).")
    String name;

    @Option(names = "--partitions", defaultValue = "" + DestinationStore.DEFAULT_PARTITIONS,
            description = "Partitions (1..1024; default: ${DEFAULT-VALUE}). Messages of one producer stay in order"
                    + " within one partition; more partitions let more consumers work in parallel.")
    int partitions;

    @Option(names = "--if-not-exists", description = "Succeed when it already exists (its settings stay).")
    boolean ifNotExists;

    @Override
    public Integer call() {
        // every option is checked before anything is created
        Long retentionMs = retention.retentionMs(null);
        Long retentionBytes = retention.retentionBytes(null);
        DeadLetterPolicy deadLetterPolicy = deadLetters.policy(DeadLetterPolicy.DEFAULT);
        RedeliveryPolicy redeliveryPolicy = redelivery.policy(RedeliveryPolicy.AT_ONCE);
        String expiryQueue = deadLetters.expiryGiven() ? deadLetters.expiryQueue() : null;
        try (Database database = connection.openDatabase()) {
            new DestinationAccess(database.jdbi()).require(parent.kind(), name, Permission.CREATE, false);
            DestinationStore destinations = new DestinationStore(database.jdbi());
            Destination created;
            try {
                created = destinations.create(parent.kind(), name, partitions);
            } catch (DestinationExistsException e) {
                if (ifNotExists) {
                    System.out.println(parent.kind().sqlName() + " '" + name + "' already exists");
                    return 0;
                }
                throw new CommandFailedException("A " + parent.kind().sqlName() + " named '" + name
                        + "' already exists (use --if-not-exists to accept that, or 'update' to change it)", e);
            }
            if (retentionMs != null || retentionBytes != null) {
                new RetentionSettings(database.jdbi()).set(created, retentionMs, retentionBytes);
            }
            if (deadLetters.given()) {
                destinations.setDeadLetterPolicy(created.id(), deadLetterPolicy);
            }
            if (redelivery.given()) {
                destinations.setRedeliveryPolicy(created.id(), redeliveryPolicy);
            }
            if (expiryQueue != null) {
                destinations.setExpiryQueue(created.id(), expiryQueue);
            }
            System.out.println("Created " + parent.kind().sqlName() + " '" + name + "' with " + partitions
                    + (partitions == 1 ? " partition" : " partitions") + ", retention "
                    + RetentionOptions.describe(retentionMs, retentionBytes) + ", dead letters "
                    + deadLetterPolicy.describe() + (expiryQueue != null ? ", expired messages "
                    + DeadLetterOptions.describeExpiry(expiryQueue) : "") + (redelivery.given() ? ", redelivery "
                    + redeliveryPolicy.describe() : ""));
            return 0;
        }
    }
}
