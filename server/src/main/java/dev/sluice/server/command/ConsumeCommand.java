package dev.sluice.server.command;

import dev.sluice.db.log.DestinationKind;
import dev.sluice.jms.ProviderConfig;
import dev.sluice.server.CommandFailedException;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice consume DEST}: receives messages through the JMS API and prints them, until {@code --count} were
 * received or none arrived for {@code --timeout}. Exit code 1 when {@code --count} was not reached. Confined to
 * the command's thread.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Receive messages from a queue or topic and print their headers, properties and body. Stops"
                + " after --count messages, or when none arrived for --timeout.")
public final class ConsumeCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DEST", description = DestinationArgument.DESCRIPTION)
    String destination;

    @Option(names = "--topic", description = "A bare DEST names a topic.")
    boolean topic;

    @Option(names = {"-n", "--count"}, description = "Stop after this many messages; fail if fewer arrive.")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "Stop when no message arrived for this long (default: ${DEFAULT-VALUE}; 0 = wait forever).")
    Duration timeout;

    @Option(names = {"-s", "--selector"}, paramLabel = "SELECTOR",
            description = "JMS message selector, e.g. \"orderId > 40 AND region = 'eu'\".")
    String selector;

    @Option(names = "--durable", paramLabel = "NAME",
            description = "Consume through the durable subscription NAME of a topic (created if needed): messages"
                    + " sent while no consumer runs are kept for it.")
    String durable;

    @Option(names = "--shared", description = "Make the --durable subscription shared: its consumers compete.")
    boolean shared;

    @Option(names = "--client-id", paramLabel = "ID", defaultValue = "sluice-cli",
            description = "JMS client ID of the connection, which names unshared durable subscriptions"
                    + " (default: ${DEFAULT-VALUE}).")
    String clientId;

    @Option(names = "--body-only", description = "Print only each message's body, one per line.")
    boolean bodyOnly;

    @Option(names = "--no-ack", description = "Do not acknowledge: the messages stay and are redelivered (with"
            + " JMSRedelivered set) to the next consumer.")
    boolean noAck;

    @Option(names = "--no-auto-create", description = "Fail if the destination does not exist instead of creating it.")
    boolean noAutoCreate;

    @Override
    public Integer call() throws JMSException {
        DestinationArgument source = DestinationArgument.parse(spec.commandLine(), destination, topic);
        if (durable != null && source.kind() != DestinationKind.TOPIC) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--durable needs a topic; " + source
                    + " is a queue (write topic://NAME or add --topic)");
        }
        if (shared && durable == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shared needs --durable NAME");
        }
        if (count != null && count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count " + count + " must be at least 1");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (noAutoCreate) {
            settings.put(ProviderConfig.AUTO_CREATE, "false");
        }
        if (durable != null && !shared) {
            settings.put(ProviderConfig.CLIENT_ID, clientId);
        }
        int received = 0;
        try (Connection jms = connection.connectionFactory(settings).createConnection();
             Session session = jms.createSession(false, noAck ? Session.CLIENT_ACKNOWLEDGE : Session.AUTO_ACKNOWLEDGE);
             MessageConsumer consumer = createConsumer(session, source)) {
            jms.start();
            while (count == null || received < count) {
                Message message = timeout.isZero() ? consumer.receive() : consumer.receive(timeout.toMillis());
                if (message == null) {
                    break;
                }
                received++;
                if (bodyOnly) {
                    System.out.println(MessagePrinter.bodyOnly(message));
                } else {
                    MessagePrinter.print(System.out, received, message);
                }
                System.out.flush();
            }
        }
        System.err.println("Received " + received + (received == 1 ? " message from " : " messages from ") + source
                + (noAck && received > 0 ? " (not acknowledged: they will be delivered again)" : ""));
        if (count != null && received < count) {
            throw new CommandFailedException("Received " + received + " of " + count + " messages from " + source
                    + ": none arrived for " + DurationConverter.format(timeout));
        }
        return 0;
    }

    private MessageConsumer createConsumer(Session session, DestinationArgument source) throws JMSException {
        if (durable == null) {
            return session.createConsumer(source.toJms(), selector);
        }
        Topic topicDestination = (Topic) source.toJms();
        return shared
                ? session.createSharedDurableConsumer(topicDestination, durable, selector)
                : session.createDurableSubscriber(topicDestination, durable, selector, false);
    }
}
