package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.log.DeadLetterPolicy;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console in a real browser: a server in this JVM on the test PostgreSQL, a queue with messages (one of
 * them with a body that looks like markup), a topic with a durable subscription that lags, and a dead letter; then
 * headless Chromium loads each page, runs its scripts and the test reads the DOM it rendered. Skipped, with a line
 * saying why, when no Chromium is installed ({@code .ci/install-chromium} installs it in CI).
 */
@ExtendWith(PostgresExtension.class)
class WebConsoleBrowserTest {

    private static final Logger LOG = LoggerFactory.getLogger(WebConsoleBrowserTest.class);
    private static final String NO_CHROMIUM = "No chromium or chromium-browser on the PATH: the web console's"
            + " browser test WebConsoleBrowserTest is skipped (.ci/install-chromium installs Debian's chromium"
            + " package, as root)";
    private static final Duration EFFECT = Duration.ofSeconds(30);
    private static final String MARKUP_BODY = "<script>alert('owned')</script><b>bold?</b>";

    @TempDir
    static Path work;

    private static HeadlessChromium chromium;
    private static SluiceServer server;
    private static URI console;

    @BeforeAll
    static void startServerWithMessages(TestDatabase db) throws JMSException {
        Optional<HeadlessChromium> found = HeadlessChromium.find(work);
        if (found.isEmpty()) {
            LOG.warn(NO_CHROMIUM);
            return;
        }
        chromium = found.get();
        server = SluiceServer.start(ServerConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).adminPort(0).serverId("console-test").build(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        console = server.adminUri();

        SluiceConnectionFactory factory = new SluiceConnectionFactory(db.jdbcUrl());
        factory.setUser(db.user());
        factory.setPassword(db.password());
        try (Connection connection = factory.createConnection()) {
            connection.setClientID("console-test");
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageProducer producer = session.createProducer(session.createQueue("orders"))) {
                for (int i = 1; i <= 3; i++) {
                    TextMessage order = session.createTextMessage("order " + i + ": 2 widgets");
                    order.setStringProperty("region", "eu-west");
                    order.setJMSCorrelationID("corr-" + i);
                    producer.send(order);
                }
                producer.send(session.createTextMessage(MARKUP_BODY));
            }
            Topic ticks = session.createTopic("ticks");
            session.createDurableConsumer(ticks, "audit").close();
            try (MessageProducer producer = session.createProducer(ticks)) {
                producer.send(session.createTextMessage("EURUSD 1.0871"));
                producer.send(session.createTextMessage("GBPUSD 1.2710"));
            }
            deadLetter(connection, session);
        }
        // the charts draw what the sampler took: wait for its first sample that has every destination
        Await.until(() -> AdminClient.get(console, "console/charts.json").body().contains("queue://DLQ"),
                EFFECT, () -> "the console's sampler did not sample the destinations");
    }

    /** A message on 'payments', which allows one delivery, that its consumer rolls back: it moves to DLQ. */
    private static void deadLetter(Connection connection, Session session) throws JMSException {
        try (MessageProducer producer = session.createProducer(session.createQueue("payments"))) {
            producer.send(session.createTextMessage("poison payment"));
        }
        DestinationStore destinations = new DestinationStore(server.database().jdbi());
        int payments = destinations.find(DestinationKind.QUEUE, "payments").orElseThrow().id();
        destinations.setDeadLetterPolicy(payments, new DeadLetterPolicy(1, null));
        connection.start();
        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        try (MessageConsumer consumer = transacted.createConsumer(transacted.createQueue("payments"))) {
            Message received = consumer.receive(EFFECT.toMillis());
            assertThat(received).as("the payment to fail on").isNotNull();
            transacted.rollback();
        }
        transacted.close();
        String inDeadLetterQueue = "select count(*) from sluice.messages"
                + " where destination = 'DLQ' and body_text = 'poison payment'";
        Await.until(() -> server.database().jdbi().withHandle(handle -> handle.createQuery(inDeadLetterQueue)
                .mapTo(Long.class).one()) == 1, EFFECT, () -> "the payment did not move to DLQ");
    }

    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(chromium != null, NO_CHROMIUM);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String page(String path) {
        HttpResponse<String> plain = AdminClient.get(console, path);
        assertThat(plain.statusCode()).as("GET " + path + ": " + plain.body()).isEqualTo(200);
        return chromium.dumpDom(console.resolve(path));
    }

    @Test
    void theFirstPageListsDestinationsWithLagAndDrawsTheCharts() {
        String dom = page("/");

        assertThat(dom).contains("<h1>Destinations</h1>", "<table id=\"destinations\">",
                "<a href=\"/destinations/queue/orders\">orders</a>", "<a href=\"/destinations/topic/ticks\">ticks</a>");
        // kind, name, partitions, subscriptions, lag
        assertThat(dom).contains("<td>queue</td><td><a href=\"/destinations/queue/orders\">orders</a></td>"
                        + "<td>4</td><td>1</td><td>4</td>",
                "<td>topic</td><td><a href=\"/destinations/topic/ticks\">ticks</a></td><td>4</td><td>1</td><td>2</td>",
                "<td>queue</td><td><a href=\"/destinations/queue/DLQ\">DLQ</a></td><td>1</td><td>1</td><td>1</td>");
        // drawn by uPlot after the script fetched the figures: three charts, a legend line per destination
        assertThat(dom).contains("<figcaption>Messages in per second</figcaption>",
                "<figcaption>Lag (messages not finished)</figcaption>", "queue://orders", "topic://ticks");
        assertThat(dom.split("class=\"uplot", -1)).as("uPlot charts in\n" + dom).hasSize(4);
        assertThat(dom).contains("<canvas");
    }

    @Test
    void aQueuePageShowsPartitionsAndTheNewestMessagesWithHeadersPropertiesAndBodiesAsText() {
        String dom = page("/destinations/queue/orders");

        assertThat(dom).contains("<h1>queue orders</h1>", "<table id=\"partitions\">", "<table id=\"subscriptions\">",
                "<td>(queue)</td>", "<pre class=\"body\">order 3: 2 widgets</pre>", "<dt>region</dt><dd>eu-west</dd>",
                "<dt>JMSCorrelationID</dt><dd>corr-2</dd>", "<dt>(queue)</dt><dd>pending</dd>");
        assertThat(dom).as("the markup body is shown as text, not run or rendered")
                .contains("<pre class=\"body\">&lt;script&gt;alert('owned')&lt;/script&gt;"
                        + "&lt;b&gt;bold?&lt;/b&gt;</pre>")
                .doesNotContain("<script>alert", "<b>bold?</b>");
        assertThat(dom.split("class=\"uplot", -1)).as("uPlot charts in\n" + dom).hasSize(4);
    }

    @Test
    void aTopicPageShowsItsDurableSubscriptionWithItsLag() {
        String dom = page("/destinations/topic/ticks");

        assertThat(dom).contains("<h1>topic ticks</h1>",
                "<td>d:console-test:audit</td><td>durable</td><td>console-test</td><td></td><td>2</td>",
                "<pre class=\"body\">GBPUSD 1.2710</pre>", "<dt>d:console-test:audit</dt><dd>pending</dd>");
        assertThat(dom).contains("<figcaption>Lag (messages not finished)</figcaption>", "topic://ticks")
                .doesNotContain("queue://orders");
    }

    @Test
    void theDeadLetterPageShowsTheMessageWithWhereItCameFromAndWhy() {
        String dom = page("/dead-letters");

        assertThat(dom).contains("<h1>Dead letters</h1>", "<a href=\"/destinations/queue/DLQ\">DLQ</a>",
                "<pre class=\"body\">poison payment</pre>",
                "<dt>" + DeadLetterPolicy.ORIGINAL_DESTINATION + "</dt><dd>queue://payments</dd>",
                "<dt>" + DeadLetterPolicy.REASON + "</dt>");
    }

    @Test
    void theSqlPageRunsItsReadyQueriesReadOnly() {
        String lag = page("/sql?query=lag");
        assertThat(lag).contains("<pre id=\"sql\">", "from sluice.subscription_lag", "<table id=\"result\">",
                "<td>d:console-test:audit</td>", "<td>orders</td>");

        String deadLetters = page("/sql?query=dead-letters");
        assertThat(deadLetters).contains("<td>queue://payments</td><td>DLQ</td><td>1</td>");
    }

    @Test
    void aScreenshotShowsTheFirstPage() throws Exception {
        Path png = work.resolve("console.png");
        chromium.screenshot(console.resolve("/"), png, 1200, 800);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(10_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
}
