package dev.sluice.server.command;

import dev.sluice.db.log.DestinationKind;
import picocli.CommandLine.Command;

/** {@code sluice queue create|list|describe|update|delete}. Confined to the command's thread. */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Create, list, describe, change and delete queues (consumers of a queue compete for its"
                + " messages).",
        subcommands = {CreateCommand.class, ListCommand.class, DescribeCommand.class, UpdateCommand.class,
                DeleteCommand.class})
public final class QueueCommand extends DestinationKindCommand {

    @Override
    DestinationKind kind() {
        return DestinationKind.QUEUE;
    }
}
