package dev.sluice.server.command;

import dev.sluice.db.log.DeadLetterPolicy;
import picocli.CommandLine.Command;

/** {@code sluice dlq list|replay}. Confined to the command's thread. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Look at and replay dead letters: messages moved to a dead-letter queue (default "
                + DeadLetterPolicy.DEFAULT_QUEUE + ") after their destination's maximum number of deliveries.",
        subcommands = {DeadLetterListCommand.class, DeadLetterReplayCommand.class})
public final class DeadLetterCommand {
}
