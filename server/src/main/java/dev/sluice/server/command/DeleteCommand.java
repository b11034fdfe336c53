package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.log.DestinationNotFoundException;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.security.DestinationAccess;
import dev.sluice.db.security.Permission;
import dev.sluice.server.CommandFailedException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sluice queue|topic delete NAME}. Confined to the command's thread. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a destination with all its messages and subscriptions.")
public final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    DestinationKindCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "NAME", description = "The destination's name.")
    String name;

    @Option(names = "--if-exists", description = "Succeed when there is no such destination.")
    boolean ifExists;

    @Override
    public Integer call() {
        try (Database database = connection.openDatabase()) {
            new DestinationAccess(database.jdbi()).require(parent.kind(), name, Permission.DELETE, false);
            try {
                new DestinationStore(database.jdbi()).delete(parent.kind(), name);
            } catch (DestinationNotFoundException e) {
                if (ifExists) {
                    System.out.println("There is no " + parent.kind().sqlName() + " named '" + name + "'");
                    return 0;
                }
                throw new CommandFailedException("There is no " + parent.kind().sqlName() + " named '" + name + "'",
                        e);
            }
            System.out.println("Deleted " + parent.kind().sqlName() + " '" + name + "'");
            return 0;
        }
    }
}
