package dev.sluice.jms.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.jms.JmsTestSupport;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.inject.Inject;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SluiceListener} methods in Weld SE on a real PostgreSQL: they receive from the moment the container is up,
 * a method that throws gets the message again, and after the destination's maximum deliveries (3 here) the message
 * is in the dead-letter queue with its delivery count and the method's last error; the consumers stop with the
 * container.
 */
@ExtendWith(PostgresExtension.class)
class CdiListenerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final long RECEIVE_MS = 30_000;
    private static WeldContainer container;
    private static TestDatabase database;
    private static SluiceConnectionFactory plain;

    @BeforeAll
    static void boot(TestDatabase db) throws Exception {
        database = db;
        plain = JmsTestSupport.factory(db);
        // the poison queue allows three deliveries; it must exist for its policy to be set
        send("cdi.poison", "(creates the queue)");
        try (JMSContext context = plain.createContext()) {
            context.createConsumer(context.createQueue("cdi.poison")).receive(RECEIVE_MS);
        }
        try (Connection connection = db.connect();
             PreparedStatement update = connection.prepareStatement(
                     "update sluice.destination set max_deliveries = 3 where kind = 'queue' and name = 'cdi.poison'")) {
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        container = CdiTestSupport.boot(db, "cdi-listeners", Orders.class, GoldOnly.class, FailsOnce.class,
                Poison.class, Forwarder.class, PriceAudit.class, Resilient.class);
    }

    @AfterAll
    static void shutdown() {
        container.close();
    }

    private static void send(String queue, String... bodies) {
        try (JMSContext context = plain.createContext()) {
            for (String body : bodies) {
                context.createProducer().send(context.createQueue(queue), body);
            }
        }
    }

    @ApplicationScoped
    static class Orders {
        private final Set<String> received = ConcurrentHashMap.newKeySet();
        private final Set<String> threads = ConcurrentHashMap.newKeySet();

        Set<String> received() {
            return received;
        }

        Set<String> threads() {
            return threads;
        }

        @SluiceListener(destination = "cdi.orders", concurrency = 2)
        void onOrder(String body) {
            received.add(body);
            threads.add(Thread.currentThread().getName());
        }
    }

    @ApplicationScoped
    static class GoldOnly {
        private final List<String> received = new CopyOnWriteArrayList<>();

        List<String> received() {
            return received;
        }

        @SluiceListener(destination = "cdi.picky", selector = "kind = 'gold'")
        void onGold(TextMessage message) throws JMSException {
            received.add(message.getText());
        }
    }

    @ApplicationScoped
    static class FailsOnce {
        private final List<String> deliveries = new CopyOnWriteArrayList<>();

        List<String> deliveries() {
            return deliveries;
        }

        @SluiceListener(destination = "cdi.flaky")
        void onMessage(Message message) throws JMSException {
            deliveries.add(message.getBody(String.class) + " redelivered=" + message.getJMSRedelivered());
            if (!message.getJMSRedelivered()) {
                throw new IllegalStateException("not this time");
            }
        }
    }

    @ApplicationScoped
    static class Poison {
        private final List<Integer> deliveryCounts = new CopyOnWriteArrayList<>();

        List<Integer> deliveryCounts() {
            return deliveryCounts;
        }

        @SluiceListener(destination = "cdi.poison")
        void onMessage(TextMessage message) throws JMSException {
            deliveryCounts.add(message.getIntProperty("JMSXDeliveryCount"));
            throw new IllegalArgumentException("cannot bill " + message.getText() + " (attempt "
                    + deliveryCounts.size() + ")");
        }
    }

    /** Uses an injected JMSContext inside the listener: a request scope is active during each call. */
    @ApplicationScoped
    static class Forwarder {
        @Inject
        JMSContext context;
        @Inject
        @DestinationName("cdi.forwarded")
        Queue forwarded;

        @SluiceListener(destination = "cdi.forward")
        void forward(String body) {
            context.createProducer().send(forwarded, body.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Two consumers sharing one durable subscription of a topic: each message reaches one of them. */
    @ApplicationScoped
    static class PriceAudit {
        private final List<String> received = new CopyOnWriteArrayList<>();

        List<String> received() {
            return received;
        }

        @SluiceListener(destination = "cdi.prices", topic = true, subscription = "cdi-audit", concurrency = 2)
        void onPrice(String price) {
            received.add(price);
        }
    }

    @Test
    void aTopicListenerSharesItsDurableSubscriptionBetweenItsConsumers() {
        PriceAudit audit = container.select(PriceAudit.class).get();
        try (JMSContext context = plain.createContext()) {
            for (String price : List.of("p1", "p2", "p3", "p4")) {
                context.createProducer().send(context.createTopic("cdi.prices"), price);
            }
        }
        Await.until(() -> audit.received().size() >= 4, DEADLINE, () -> "received " + audit.received());
        // a sentinel sent after them: a duplicate of the earlier ones would most likely have arrived before it
        try (JMSContext context = plain.createContext()) {
            context.createProducer().send(context.createTopic("cdi.prices"), "end");
        }
        Await.until(() -> audit.received().contains("end"), DEADLINE, () -> "received " + audit.received());
        assertThat(audit.received()).containsExactlyInAnyOrder("p1", "p2", "p3", "p4", "end");
    }

    @ApplicationScoped
    static class Resilient {
        private final List<String> received = new CopyOnWriteArrayList<>();

        List<String> received() {
            return received;
        }

        @SluiceListener(destination = "cdi.resilient")
        void onMessage(String body) {
            received.add(body);
        }
    }

    @Test
    void aListenerWhoseConnectionWasLostGoesOnWithANewOne() {
        Resilient resilient = container.select(Resilient.class).get();
        ListenerContainer listener = container.select(SluiceExtension.class).get().runningListeners().stream()
                .filter(running -> running.method().toString().startsWith("Resilient."))
                .findFirst().orElseThrow();
        jakarta.jms.Connection lost = listener.connection();
        // what the provider tells a connection whose coordination session expired
        listener.connectionFailed(lost, new JMSException("Coordination session expired (test)", "SESSION_EXPIRED"));
        Await.until(() -> listener.connection() != null && listener.connection() != lost, DEADLINE,
                () -> "still on " + listener.connection());
        assertThatThrownBy(lost::createSession).as("the lost connection was closed")
                .isInstanceOf(jakarta.jms.IllegalStateException.class);
        send("cdi.resilient", "after the loss");
        Await.until(() -> resilient.received().contains("after the loss"), DEADLINE,
                () -> "received " + resilient.received());
    }

    @Test
    void listenerBeansReceiveOnTheirSessions() {
        Orders orders = container.select(Orders.class).get();
        send("cdi.orders", "o1", "o2", "o3", "o4", "o5", "o6");
        Await.until(() -> orders.received().size() == 6, DEADLINE, () -> "received " + orders.received());
        assertThat(orders.received()).containsExactlyInAnyOrder("o1", "o2", "o3", "o4", "o5", "o6");
        assertThat(orders.threads()).allMatch(name -> name.startsWith("sluice-listener"));
    }

    @Test
    void aSelectorKeepsOtherMessagesForOtherConsumers() throws Exception {
        GoldOnly gold = container.select(GoldOnly.class).get();
        try (JMSContext context = plain.createContext()) {
            Queue picky = context.createQueue("cdi.picky");
            context.createProducer().setProperty("kind", "tin").send(picky, "tin-1");
            context.createProducer().setProperty("kind", "gold").send(picky, "gold-1");
            Await.until(() -> gold.received().size() == 1, DEADLINE, () -> "received " + gold.received());
            try (JMSConsumer rest = context.createConsumer(picky)) {
                assertThat(rest.receiveBody(String.class, RECEIVE_MS)).isEqualTo("tin-1");
            }
        }
        assertThat(gold.received()).containsExactly("gold-1");
    }

    @Test
    void aThrownExceptionRollsBackAndTheMessageIsDeliveredAgain() {
        FailsOnce flaky = container.select(FailsOnce.class).get();
        send("cdi.flaky", "retry-me");
        Await.until(() -> flaky.deliveries().size() == 2, DEADLINE, () -> "deliveries " + flaky.deliveries());
        assertThat(flaky.deliveries()).containsExactly("retry-me redelivered=false", "retry-me redelivered=true");
    }

    @Test
    void theThirdFailureMovesTheMessageToTheDeadLetterQueueWithItsCountAndLastError() throws Exception {
        Poison poison = container.select(Poison.class).get();
        send("cdi.poison", "order-7");
        try (JMSContext context = plain.createContext();
             JMSConsumer dlq = context.createConsumer(context.createQueue("DLQ"),
                     "SluiceOriginalDestination = 'queue://cdi.poison'")) {
            Message letter = dlq.receive(RECEIVE_MS);
            assertThat(letter).as("the dead letter").isNotNull();
            assertThat(letter.getBody(String.class)).isEqualTo("order-7");
            assertThat(letter.getLongProperty("SluiceDeliveryCount")).isEqualTo(3);
            assertThat(letter.getStringProperty("SluiceLastError"))
                    .isEqualTo("java.lang.IllegalArgumentException: cannot bill order-7 (attempt 3)");
            assertThat(letter.getStringProperty("SluiceDeadLetterReason")).contains("delivered 3 times");
        }
        assertThat(poison.deliveryCounts()).containsExactly(1, 2, 3);
    }

    @Test
    void aListenerCanUseAnInjectedContextInItsRequestScope() {
        send("cdi.forward", "shout");
        try (JMSContext context = plain.createContext();
             JMSConsumer forwarded = context.createConsumer(context.createQueue("cdi.forwarded"))) {
            assertThat(forwarded.receiveBody(String.class, RECEIVE_MS)).isEqualTo("SHOUT");
        }
    }

    @ApplicationScoped
    static class Stoppable {
        private final List<String> received = new CopyOnWriteArrayList<>();

        List<String> received() {
            return received;
        }

        @SluiceListener(destination = "cdi.stoppable")
        void onMessage(String body) {
            received.add(body);
        }
    }

    @Test
    void theConsumersStopWhenTheContainerShutsDown() {
        WeldContainer own = CdiTestSupport.boot(database, "cdi-stoppable", Stoppable.class);
        List<String> received = own.select(Stoppable.class).get().received();
        send("cdi.stoppable", "while-up");
        Await.until(() -> received.size() == 1, DEADLINE, () -> "received " + received);
        own.close();
        send("cdi.stoppable", "after-shutdown");
        try (JMSContext context = plain.createContext();
             JMSConsumer rest = context.createConsumer(context.createQueue("cdi.stoppable"))) {
            assertThat(rest.receiveBody(String.class, RECEIVE_MS)).as("left for others").isEqualTo("after-shutdown");
        }
        assertThat(received).containsExactly("while-up");
    }

    @ApplicationScoped
    static class BadListener {
        @SluiceListener(destination = "cdi.bad", topic = true, concurrency = 2)
        void onMessage(String first, String second) {
        }
    }

    @Test
    void aWrongDeclarationFailsTheDeploymentSayingWhy() {
        assertThatThrownBy(() -> CdiTestSupport.boot(database, "cdi-bad", BadListener.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("BadListener.onMessage(String, String)")
                .hasMessageContaining("exactly one parameter");
    }
}
