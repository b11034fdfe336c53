package dev.sluice.server.command;

import dev.sluice.db.log.DeadLetterPolicy;
import dev.sluice.server.CommandFailedException;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice dlq replay}: moves dead letters back to the destination each came from, without the properties the
 * dead-lettering added. Each move is one transaction (received from the dead-letter queue and sent back together),
 * so a message is never lost or doubled by a replay that stops half-way. A dead letter from a topic goes back to
 * the topic, so every subscription of it gets it again. Confined to the command's thread.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Move dead letters back to where they came from (all, or those of --from), one transaction"
                + " each.")
public final class DeadLetterReplayCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    DeadLetterQueueOption deadLetterQueue;

    @Option(names = "--from", paramLabel = "DEST",
            description = "Only the dead letters of this destination (queue://NAME or topic://NAME).")
    String from;

    @Option(names = {"-n", "--count"}, description = "Stop after this many.")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Stop when none arrived for this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws JMSException {
        String selector = null;
        if (from != null) {
            DestinationArgument origin = DestinationArgument.parse(spec.commandLine(), from, false);
            selector = DeadLetterPolicy.ORIGINAL_DESTINATION + " = '" + origin.kind().sqlName() + "://"
                    + origin.name().replace("'", "''") + "'";
        }
        int moved = 0;
        Map<String, Integer> byDestination = new HashMap<>();
        try (Connection jms = connection.connectionFactory(Map.of()).createConnection();
             Session session = jms.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer letters = session.createConsumer(session.createQueue(deadLetterQueue.name), selector);
             MessageProducer producer = session.createProducer(null)) {
            jms.start();
            while (count == null || moved < count) {
                Message letter = letters.receive(Math.max(1, timeout.toMillis()));
                if (letter == null) {
                    break;
                }
                String original = letter.getStringProperty(DeadLetterPolicy.ORIGINAL_DESTINATION);
                if (original == null) {
                    // not a dead letter Sluice moved: nowhere to send it back to; it stays
                    session.rollback();
                    throw new CommandFailedException("A message in " + deadLetterQueue.name + " ("
                            + letter.getJMSMessageID() + ") has no " + DeadLetterPolicy.ORIGINAL_DESTINATION + "; replay it with --from");
                }
                DestinationArgument target = DestinationArgument.parse(spec.commandLine(), original, false);
                withoutDeadLetterProperties(letter);
                producer.send(target.toJms(), letter, letter.getJMSDeliveryMode(), letter.getJMSPriority(), 0);
                session.commit();
                moved++;
                byDestination.merge(original, 1, Integer::sum);
            }
        }
        byDestination.forEach((destination, n) -> System.out.println("Replayed " + n
                + (n == 1 ? " dead letter to " : " dead letters to ") + destination));
        System.err.println("Replayed " + moved + (moved == 1 ? " dead letter" : " dead letters") + " from queue '"
                + deadLetterQueue.name + "'");
        return 0;
    }

    /** Keeps the message's own properties, dropping those dead-lettering added (received properties are read-only). */
    private static void withoutDeadLetterProperties(Message letter) throws JMSException {
        Map<String, Object> kept = new HashMap<>();
        for (var names = letter.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            kept.put(name, letter.getObjectProperty(name));
        }
        kept.remove(DeadLetterPolicy.ORIGINAL_DESTINATION);
        kept.remove(DeadLetterPolicy.DELIVERY_COUNT);
        kept.remove(DeadLetterPolicy.REASON);
        kept.remove(DeadLetterPolicy.LAST_ERROR);
        kept.remove("JMSXDeliveryCount");
        letter.clearProperties();
        for (Map.Entry<String, Object> property : kept.entrySet()) {
            letter.setObjectProperty(property.getKey(), property.getValue());
        }
    }
}
