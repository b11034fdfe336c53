package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.DatabaseUnavailableException;
import dev.sluice.db.JdbcUrls;
import dev.sluice.jms.ProviderConfig;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.server.CommandFailedException;
import dev.sluice.server.ServerUrlFile;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice demo}: the five-minute tour on a real database. Uses {@code --url}, else the server running in
 * {@code --data-dir}, else starts an embedded PostgreSQL there; then sends and receives on a queue (with a
 * selector), publishes to a topic with a shared durable and a non-durable subscriber, does one request/reply with a
 * temporary queue, and shows the messages of this run through SQL on {@code sluice.messages}. Every message carries
 * the property {@code demoRun} with this run's id, so runs never see each other's messages. Confined to the
 * command's thread (the responder's listener runs on the provider's thread).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the tour: a queue, a topic, a request/reply with a temporary queue, and a SQL history"
                + " query on sluice.messages. Starts an embedded PostgreSQL in --data-dir unless a server runs there"
                + " or --url is given.")
public final class DemoCommand implements Callable<Integer> {

    static final String QUEUE = "demo.orders";
    static final String TOPIC = "demo.prices";
    static final String REQUESTS = "demo.quotes";
    static final String AUDIT_SUBSCRIPTION = "demo-audit";

    private static final long RECEIVE_TIMEOUT_MS = 15_000;
    private static final String HISTORY = """
            select destination, log_offset as "offset", to_char(sent_at, 'HH24:MI:SS.MS') as sent,
                   properties->>'orderId' as order_id, body_text, delivery_state
              from sluice.messages
             where properties->>'demoRun' = ?
             order by sent_at, destination, log_offset""";

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "sluice-data",
            description = "Data folder of the embedded PostgreSQL (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    // Any free port, unlike 'sluice server': the demo's own database lives only while the demo runs and nothing
    // else connects to it, so a server on the default port must not make the tour fail.
    @Option(names = "--port", defaultValue = "0",
            description = "Port of the embedded PostgreSQL the demo starts when no server runs (default: 0 = any"
                    + " free; it lives only while the demo runs).")
    int port;

    private final PrintStream out = System.out;
    private String run;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();

    @Override
    public Integer call() throws JMSException, SQLException {
        run = HexFormat.of().formatHex(randomBytes());
        out.println("Sluice demo (run " + run + ")");
        Database embedded = null;
        String url = connection.explicitUrl().orElse(null);
        if (url == null) {
            url = runningServer().orElse(null);
        }
        if (url == null) {
            out.println("Starting an embedded PostgreSQL with its data in " + dataDir.toAbsolutePath() + " ...");
            embedded = Database.open(DatabaseConfig.builder().embedded(dataDir, port).poolSize(4).build());
            url = embedded.jdbcUrl();
        }
        out.println("Database: " + JdbcUrls.redact(url));
        Database database = embedded != null ? embedded : connection.openDatabase(url);
        try {
            SluiceConnectionFactory factory = factory(url);
            long started = System.nanoTime();
            queue(factory);
            topic(factory);
            long roundTripMs;
            int historyRows;
            try (Connection requester = factory.createConnection()) {
                roundTripMs = requestReply(factory, requester);
                historyRows = history(database);
            }
            long totalMs = (System.nanoTime() - started) / 1_000_000;
            out.println();
            out.println("Demo finished: sent " + sent.get() + " messages, received " + received.get()
                    + ", request/reply took "
                    + roundTripMs + " ms, " + historyRows + " messages of this run found with SQL in sluice.messages"
                    + " (" + totalMs + " ms in all).");
            return 0;
        } finally {
            database.close();
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** The URL of a server running in the data folder, if it answers. */
    private Optional<String> runningServer() {
        Optional<String> written = ServerUrlFile.read(dataDir);
        if (written.isEmpty()) {
            return written;
        }
        try (Database probe = connection.openDatabase(written.get())) {
            out.println("Using the database of the server running in " + dataDir.toAbsolutePath());
            return written;
        } catch (DatabaseUnavailableException e) {
            out.println("The server that wrote " + dataDir.resolve(ServerUrlFile.NAME) + " is gone ("
                    + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private SluiceConnectionFactory factory(String url) {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(url);
        factory.setUser(connection.user);
        factory.setPassword(connection.password);
        factory.setSetting(ProviderConfig.AUTO_CREATE, "true");
        return factory;
    }

    private void queue(SluiceConnectionFactory factory) throws JMSException {
        out.println();
        out.println("1. Queue '" + QUEUE + "': send three orders, receive them with a selector on this run");
        String[] customers = {"ada", "grace", "edsger"};
        try (Connection jms = factory.createConnection();
             Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue queue = session.createQueue(QUEUE);
            try (MessageProducer producer = session.createProducer(queue)) {
                for (int i = 0; i < customers.length; i++) {
                    int orderId = 1001 + i;
                    TextMessage order = session.createTextMessage("order " + orderId + ": " + (i + 2)
                            + " widgets for " + customers[i]);
                    order.setIntProperty("orderId", orderId);
                    order.setStringProperty("customer", customers[i]);
                    order.setStringProperty("demoRun", run);
                    producer.send(order);
                    sent.incrementAndGet();
                    out.println("   sent      " + order.getText());
                }
            }
            jms.start();
            try (MessageConsumer consumer = session.createConsumer(queue, "demoRun = '" + run + "'")) {
                for (int i = 0; i < customers.length; i++) {
                    TextMessage order = (TextMessage) expect(consumer, "order " + (i + 1) + " of 3 on " + QUEUE);
                    received.incrementAndGet();
                    out.println("   received  " + order.getText() + "  (orderId " + order.getIntProperty("orderId")
                            + ", delivery " + order.getIntProperty("JMSXDeliveryCount") + ")");
                }
            }
        }
    }

    private void topic(SluiceConnectionFactory factory) throws JMSException {
        out.println();
        out.println("2. Topic '" + TOPIC + "': a shared durable subscriber ('" + AUDIT_SUBSCRIPTION
                + "') and a non-durable one each get every price");
        try (Connection jms = factory.createConnection();
             Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Topic topic = session.createTopic(TOPIC);
            try (MessageConsumer audit = session.createSharedDurableConsumer(topic, AUDIT_SUBSCRIPTION);
                 MessageConsumer ticker = session.createConsumer(topic);
                 MessageProducer producer = session.createProducer(topic)) {
                String[][] prices = {{"EURUSD", "1.0871"}, {"GBPUSD", "1.2710"}};
                for (String[] price : prices) {
                    TextMessage message = session.createTextMessage(price[0] + " " + price[1]);
                    message.setStringProperty("symbol", price[0]);
                    message.setStringProperty("demoRun", run);
                    producer.send(message);
                    sent.incrementAndGet();
                    out.println("   published " + message.getText());
                }
                jms.start();
                receiveRun(audit, "audit   ", prices.length);
                receiveRun(ticker, "ticker  ", prices.length);
            }
        }
    }

    /** Receives {@code wanted} messages of this run, skipping any left over from earlier runs. */
    private void receiveRun(MessageConsumer consumer, String who, int wanted) throws JMSException {
        int got = 0;
        while (got < wanted) {
            TextMessage message = (TextMessage) expect(consumer, who.trim() + " price " + (got + 1) + " of " + wanted);
            if (!run.equals(message.getStringProperty("demoRun"))) {
                continue;
            }
            got++;
            received.incrementAndGet();
            out.println("   " + who + "got " + message.getText());
        }
    }

    private long requestReply(SluiceConnectionFactory factory, Connection requester) throws JMSException {
        out.println();
        out.println("3. Request/reply on queue '" + REQUESTS + "' with a temporary reply queue");
        try (Connection responder = factory.createConnection()) {
            Session responderSession = responder.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer replier = responderSession.createProducer(null);
            MessageConsumer requests = responderSession.createConsumer(responderSession.createQueue(REQUESTS),
                    "demoRun = '" + run + "'");
            requests.setMessageListener(request -> reply(responderSession, replier, request));
            responder.start();

            try (Session session = requester.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                TemporaryQueue replies = session.createTemporaryQueue();
                TextMessage request = session.createTextMessage("quote: 3 widgets");
                request.setJMSReplyTo(replies);
                request.setJMSCorrelationID("quote-" + run);
                request.setStringProperty("demoRun", run);
                requester.start();
                long started = System.nanoTime();
                try (MessageProducer producer = session.createProducer(session.createQueue(REQUESTS));
                     MessageConsumer consumer = session.createConsumer(replies)) {
                    producer.send(request);
                    sent.incrementAndGet();
                    out.println("   requester sent     '" + request.getText() + "' (JMSReplyTo " + replies
                            + ", JMSCorrelationID " + request.getJMSCorrelationID() + ")");
                    TextMessage reply = (TextMessage) expect(consumer, "the reply on " + replies);
                    long roundTripMs = (System.nanoTime() - started) / 1_000_000;
                    received.incrementAndGet();
                    if (!request.getJMSCorrelationID().equals(reply.getJMSCorrelationID())) {
                        throw new CommandFailedException("The reply's JMSCorrelationID "
                                + reply.getJMSCorrelationID() + " does not match the request's "
                                + request.getJMSCorrelationID());
                    }
                    out.println("   requester received '" + reply.getText() + "' after " + roundTripMs
                            + " ms (correlation ID matches)");
                    return roundTripMs;
                }
            }
        }
    }

    private void reply(Session session, MessageProducer replier, Message request) {
        try {
            TextMessage reply = session.createTextMessage("3 widgets cost 29.85 EUR");
            reply.setJMSCorrelationID(request.getJMSCorrelationID());
            reply.setStringProperty("demoRun", run);
            replier.send(request.getJMSReplyTo(), reply);
            received.incrementAndGet();
            sent.incrementAndGet();
            out.println("   responder answered '" + reply.getText() + "'");
        } catch (JMSException e) {
            throw new IllegalStateException("The demo's responder could not reply: " + e.getMessage(), e);
        }
    }

    private int history(Database database) throws SQLException {
        out.println();
        out.println("4. History: every message stays in the log until retention removes it. This run, in SQL:");
        out.println();
        String query = HISTORY.replace("?", "'" + run + "'");
        for (String line : query.split("\n")) {
            out.println("   " + line);
        }
        out.println();
        try (java.sql.Connection jdbc = database.dataSource().getConnection();
             PreparedStatement statement = jdbc.prepareStatement(HISTORY)) {
            statement.setString(1, run);
            try (ResultSet rows = statement.executeQuery()) {
                return TablePrinter.print(out, rows);
            }
        }
    }

    private static Message expect(MessageConsumer consumer, String what) throws JMSException {
        Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
        if (message == null) {
            throw new CommandFailedException("The demo waited " + RECEIVE_TIMEOUT_MS / 1000 + " s for " + what
                    + " in vain; is the database overloaded?");
        }
        return message;
    }
}
