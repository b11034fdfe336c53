package dev.sluice.server.command;

import dev.sluice.db.log.DestinationKind;
import picocli.CommandLine.Command;

/** {@code sluice topic create|list|describe|update|delete}. Confined to the command's thread. */
@Command(name = "topic", mixinStandardHelpOptions = true,
        description = "Create, list, describe, change and delete topics (every subscription of a topic gets each"
                + " message).",
        subcommands = {CreateCommand.class, ListCommand.class, DescribeCommand.class, UpdateCommand.class,
                DeleteCommand.class})
public final class TopicCommand extends DestinationKindCommand {

    @Override
    DestinationKind kind() {
        return DestinationKind.TOPIC;
    }
}
