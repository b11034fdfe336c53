package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.log.DeadLetterPolicy;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.RedeliveryPolicy;
import dev.sluice.db.log.DestinationNotFoundException;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.maintenance.RetentionSettings;
import dev.sluice.db.security.DestinationAccess;
import dev.sluice.db.security.Permission;
import dev.sluice.server.CommandFailedException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sluice queue|topic update NAME --retention ...}. Confined to the command's thread. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Change a destination's retention (the maintenance leader applies it within a second) or its"
                + " dead-letter settings.")
public final class UpdateCommand implements Callable<Integer> {

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

    @Parameters(paramLabel = "NAME", description = "The destination's name.")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!retention.given() && !deadLetters.given() && !deadLetters.expiryGiven() && !redelivery.given()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Nothing to change: give --retention,"
                    + " --retention-bytes, --max-deliveries, --dead-letter-queue, --expiry-queue and/or the"
                    + " --redelivery options");
        }
        try (Database database = connection.openDatabase()) {
            new DestinationAccess(database.jdbi()).require(parent.kind(), name, Permission.MANAGE, false);
            DestinationStore destinations = new DestinationStore(database.jdbi());
            Destination destination = destinations.find(parent.kind(), name)
                    .orElseThrow(() -> new CommandFailedException("There is no " + parent.kind().sqlName()
                            + " named '" + name + "'", new DestinationNotFoundException(parent.kind(), name)));
            // both settings are checked before either is changed
            Long retentionMs = retention.retentionMs(destination.retentionMs());
            Long retentionBytes = retention.retentionBytes(destination.retentionBytes());
            DeadLetterPolicy deadLetterPolicy = deadLetters.policy(destinations.deadLetterPolicy(destination.id()));
            RedeliveryPolicy redeliveryPolicy = redelivery.policy(destinations.redeliveryPolicy(destination.id()));
            String expiryQueue = deadLetters.expiryGiven() ? deadLetters.expiryQueue() : null;
            if (retention.given()) {
                new RetentionSettings(database.jdbi()).set(destination, retentionMs, retentionBytes);
                System.out.println("Retention of " + parent.kind().sqlName() + " '" + name + "' is now "
                        + RetentionOptions.describe(retentionMs, retentionBytes));
            }
            if (deadLetters.given()) {
                destinations.setDeadLetterPolicy(destination.id(), deadLetterPolicy);
                System.out.println("Dead letters of " + parent.kind().sqlName() + " '" + name + "': "
                        + deadLetterPolicy.describe());
            }
            if (deadLetters.expiryGiven()) {
                destinations.setExpiryQueue(destination.id(), expiryQueue);
                System.out.println("Expired messages of " + parent.kind().sqlName() + " '" + name + "': "
                        + DeadLetterOptions.describeExpiry(expiryQueue));
            }
            if (redelivery.given()) {
                destinations.setRedeliveryPolicy(destination.id(), redeliveryPolicy);
                System.out.println("Redelivery of " + parent.kind().sqlName() + " '" + name + "': "
                        + redeliveryPolicy.describe());
            }
            return 0;
        }
    }
}
