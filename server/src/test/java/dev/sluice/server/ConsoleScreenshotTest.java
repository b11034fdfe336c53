package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Makes the README's screenshots of the web console: a server with a few destinations and traffic that varies
 * from one sample to the next for a minute and a half, then headless Chromium saves the first page as
 * {@code console.png} and the orders queue's page as {@code console-destination.png} in the folder the system
 * property {@value #FOLDER} names. Runs only when that property is set (see the README's "Web console").
 */
@ExtendWith(PostgresExtension.class)
@EnabledIfSystemProperty(named = ConsoleScreenshotTest.FOLDER, matches = ".+")
class ConsoleScreenshotTest {

    static final String FOLDER = "sluice.console.screenshots";
    private static final int ROUNDS = 18;
    private static final Duration SAMPLE = Duration.ofSeconds(30);

    @Test
    void screenshotsOfTheConsoleWithTraffic(TestDatabase db, @TempDir Path work) throws JMSException {
        HeadlessChromium chromium = HeadlessChromium.find(work).orElse(null);
        Assumptions.assumeTrue(chromium != null, "No chromium on the PATH: no screenshots");
        Path folder = Path.of(System.getProperty(FOLDER));
        try (SluiceServer server = SluiceServer.start(ServerConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).adminPort(0).serverId("screenshots").build(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            URI console = server.adminUri();
            SluiceConnectionFactory factory = new SluiceConnectionFactory(db.jdbcUrl());
            factory.setUser(db.user());
            factory.setPassword(db.password());
            try (Connection connection = factory.createConnection()) {
                connection.setClientID("pricing");
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Topic prices = session.createTopic("prices");
                session.createDurableConsumer(prices, "audit").close();
                MessageConsumer ticker = session.createDurableConsumer(prices, "ticker");
                MessageConsumer shipping = session.createConsumer(session.createQueue("orders"));
                MessageProducer producer = session.createProducer(null);
                int waiting = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    int orders = 10 + (round * 7) % 25;
                    waiting += orders;
                    for (int i = 0; i < orders; i++) {
                        TextMessage order = session.createTextMessage("{\"order\": " + (1000 + round * 100 + i)
                                + ", \"item\": \"widget\", \"quantity\": " + (1 + i % 5) + "}");
                        order.setStringProperty("region", i % 3 == 0 ? "us-east" : "eu-west");
                        producer.send(session.createQueue("orders"), order);
                    }
                    for (int i = 0; i < 20 + round; i++) {
                        producer.send(prices, session.createTextMessage("EURUSD " + (1.08 + i / 1000.0)));
                    }
                    producer.send(session.createQueue("payments"), session.createTextMessage("payment " + round));
                    receive(shipping, Math.min(15, waiting));
                    waiting -= Math.min(15, waiting);
                    receive(ticker, 20 + round);
                    nextSample(console);
                }
            }
            chromium.screenshot(console.resolve("/"), folder.resolve("console.png"), 1200, 800);
            chromium.screenshot(console.resolve("/destinations/queue/orders"),
                    folder.resolve("console-destination.png"), 1200, 800);
        }
    }

    private static void receive(MessageConsumer consumer, int count) throws JMSException {
        for (int i = 0; i < count; i++) {
            assertThat(consumer.receive(SAMPLE.toMillis())).isNotNull();
        }
    }

    /** Waits until the console's sampler has taken one more sample. */
    private static void nextSample(URI console) {
        int before = samples(console);
        Await.until(() -> samples(console) > before, SAMPLE, () -> "the console's sampler took no sample");
    }

    private static int samples(URI console) {
        try {
            return new ObjectMapper().readTree(AdminClient.get(console, "console/charts.json").body())
                    .get("times").size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
