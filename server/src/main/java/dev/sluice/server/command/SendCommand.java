package dev.sluice.server.command;

import dev.sluice.jms.ProviderConfig;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice send DEST [BODY]}: sends text messages through the JMS API, {@code --count} copies of BODY or one
 * per line of standard input, in transactions of up to {@value #BATCH} messages. Confined to the command's thread.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send text messages to a queue or topic: BODY (--count times; {n} in it becomes 1, 2, ...),"
                + " or without BODY one message per line of standard input.")
public final class SendCommand implements Callable<Integer> {

    private static final int BATCH = 500;

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEST", description = DestinationArgument.DESCRIPTION)
    String destination;

    @Parameters(index = "1", arity = "0..1", paramLabel = "BODY",
            description = "Text body; {n} is replaced by the message's number. Omit it to read standard input.")
    String body;

    @Option(names = "--topic", description = "A bare DEST names a topic.")
    boolean topic;

    @Option(names = {"-n", "--count"}, defaultValue = "1", description = "Copies of BODY to send (default: 1).")
    int count;

    @Option(names = {"-p", "--property"}, paramLabel = "NAME[:TYPE]=VALUE", converter = PropertyArgument.Converter.class,
            description = PropertyArgument.DESCRIPTION)
    List<PropertyArgument> properties = new ArrayList<>();

    @Option(names = "--persistent", description = "Persistent delivery (the default).")
    boolean persistent;

    @Option(names = "--non-persistent", description = "Non-persistent delivery (faster; may be lost in a crash).")
    boolean nonPersistent;

    @Option(names = "--priority", defaultValue = "4", description = "JMS priority 0..9 (default: 4).")
    int priority;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time to live: the message expires after it (e.g. 30s, 1h).")
    Duration ttl;

    @Option(names = "--delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Delivery delay: consumers get the message only after it.")
    Duration delay;

    @Option(names = "--correlation-id", paramLabel = "ID", description = "JMSCorrelationID.")
    String correlationId;

    @Option(names = "--type", paramLabel = "TYPE", description = "JMSType.")
    String type;

    @Option(names = "--no-auto-create", description = "Fail if the destination does not exist instead of creating it.")
    boolean noAutoCreate;

    @Override
    public Integer call() throws JMSException {
        if (persistent && nonPersistent) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--persistent and --non-persistent exclude"
                    + " each other");
        }
        if (priority < 0 || priority > 9) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--priority " + priority
                    + " is not in 0..9");
        }
        if (count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count " + count + " must be at least 1");
        }
        if (body == null && count != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count needs a BODY (standard input"
                    + " sends one message per line)");
        }
        DestinationArgument target = DestinationArgument.parse(spec.commandLine(), destination, topic);
        Map<String, String> settings = noAutoCreate ? Map.of(ProviderConfig.AUTO_CREATE, "false") : Map.of();
        int sent = 0;
        try (Connection jms = connection.connectionFactory(settings).createConnection();
             Session session = jms.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer producer = session.createProducer(target.toJms())) {
            producer.setDeliveryMode(nonPersistent ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT);
            producer.setPriority(priority);
            if (ttl != null) {
                producer.setTimeToLive(ttl.toMillis());
            }
            if (delay != null) {
                producer.setDeliveryDelay(delay.toMillis());
            }
            if (body != null) {
                for (int n = 1; n <= count; n++) {
                    send(session, producer, body.replace("{n}", Integer.toString(n)));
                    if (++sent % BATCH == 0) {
                        session.commit();
                    }
                }
            } else {
                BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = readLine(lines)) != null) {
                    send(session, producer, line);
                    if (++sent % BATCH == 0) {
                        session.commit();
                    }
                }
            }
            session.commit();
        }
        System.out.println("Sent " + sent + (sent == 1 ? " message to " : " messages to ") + target);
        return 0;
    }

    private void send(Session session, MessageProducer producer, String text) throws JMSException {
        TextMessage message = session.createTextMessage(text);
        for (PropertyArgument property : properties) {
            property.applyTo(message);
        }
        if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        if (type != null) {
            message.setJMSType(type);
        }
        producer.send(message);
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read standard input", e);
        }
    }
}
