package dev.sluice.server.command;

import dev.sluice.db.log.DeadLetterPolicy;
import picocli.CommandLine.Option;

/** {@code --queue}: the dead-letter queue a {@code sluice dlq} command works on. Picocli mixin. */
public final class DeadLetterQueueOption {

    @Option(names = "--queue", paramLabel = "QUEUE", defaultValue = DeadLetterPolicy.DEFAULT_QUEUE,
            description = "The dead-letter queue (default: ${DEFAULT-VALUE}).")
    String name;
}
