package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationNotFoundException;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.maintenance.RetentionSettings;
import dev.sluice.server.CommandFailedException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sluice queue|topic update NAME --retention ...}. Confined to the command's thread. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Change a destination's retention (the maintenance leader applies it within a second).")
public final class UpdateCommand implements Callable<Integer> {

    @ParentCommand
    DestinationKindCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    RetentionOptions retention;

    @Parameters(paramLabel = "NAME", description = "The destination's name.")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!retention.given()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Nothing to change: give --retention and/or --retention-bytes");
        }
        try (Database database = connection.openDatabase()) {
            Destination destination = new DestinationStore(database.jdbi()).find(parent.kind(), name)
                    .orElseThrow(() -> new CommandFailedException("There is no " + parent.kind().sqlName()
                            + " named '" + name + "'", new DestinationNotFoundException(parent.kind(), name)));
            Long retentionMs = retention.retentionMs(destination.retentionMs());
            Long retentionBytes = retention.retentionBytes(destination.retentionBytes());
            new RetentionSettings(database.jdbi()).set(destination, retentionMs, retentionBytes);
            System.out.println("Retention of " + parent.kind().sqlName() + " '" + name + "' is now "
                    + RetentionOptions.describe(retentionMs, retentionBytes));
            return 0;
        }
    }
}
