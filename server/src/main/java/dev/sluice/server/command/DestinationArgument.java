package dev.sluice.server.command;

import dev.sluice.db.log.DestinationKind;
import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.SluiceQueue;
import dev.sluice.jms.SluiceTopic;
import picocli.CommandLine;

/**
 * The {@code DEST} argument of the client commands: {@code queue://NAME}, {@code topic://NAME}, or a bare name,
 * which is a queue unless {@code --topic} is given. Immutable.
 */
record DestinationArgument(DestinationKind kind, String name) {

    static final String DESCRIPTION = "Destination: queue://NAME, topic://NAME, or NAME (a queue; a topic with"
            + " --topic).";

    /** @throws CommandLine.ParameterException when the argument names neither a queue nor a topic */
    static DestinationArgument parse(CommandLine commandLine, String argument, boolean topic) {
        String queuePrefix = "queue://";
        String topicPrefix = "topic://";
        DestinationArgument parsed;
        if (argument.startsWith(queuePrefix)) {
            parsed = new DestinationArgument(DestinationKind.QUEUE, argument.substring(queuePrefix.length()));
        } else if (argument.startsWith(topicPrefix)) {
            parsed = new DestinationArgument(DestinationKind.TOPIC, argument.substring(topicPrefix.length()));
        } else if (argument.contains("://")) {
            throw new CommandLine.ParameterException(commandLine, "Destination '" + argument + "' has an unknown"
                    + " kind: write queue://NAME, topic://NAME or NAME");
        } else {
            parsed = new DestinationArgument(topic ? DestinationKind.TOPIC : DestinationKind.QUEUE, argument);
        }
        if (parsed.name().isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, "Destination '" + argument + "' has no name");
        }
        if (topic && parsed.kind() == DestinationKind.QUEUE && argument.startsWith(queuePrefix)) {
            throw new CommandLine.ParameterException(commandLine, "--topic contradicts '" + argument + "'");
        }
        return parsed;
    }

    SluiceDestination toJms() {
        return kind == DestinationKind.QUEUE ? new SluiceQueue(name) : new SluiceTopic(name);
    }

    @Override
    public String toString() {
        return kind.sqlName() + " '" + name + "'";
    }
}
