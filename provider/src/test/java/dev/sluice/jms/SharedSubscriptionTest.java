package dev.sluice.jms;

import static dev.sluice.jms.JmsTestSupport.receiveTexts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shared subscriptions (Jakarta Messaging 3.1 section 8.3.3 and 8.3.4, javadoc of {@code createSharedConsumer} and
 * {@code createSharedDurableConsumer}): identified by name and client identifier (which may be unset); the
 * consumers of one subscription compete, each message going to exactly one of them; a shared non-durable
 * subscription is deleted with its last consumer, a shared durable one keeps accumulating until unsubscribed.
 */
@ExtendWith(PostgresExtension.class)
class SharedSubscriptionTest {

    private static SluiceConnectionFactory factory;
    private static Connection publisherConnection;
    private static Session publisherSession;

    @BeforeAll
    static void open(TestDatabase db) throws JMSException {
        factory = JmsTestSupport.factory(db, "prefetch=5");
        publisherConnection = factory.createConnection();
        publisherSession = publisherConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterAll
    static void close() {
        JmsTestSupport.closeQuietly(publisherConnection);
    }

    private static List<String> publish(Topic topic, String prefix, int count) throws JMSException {
        Session session = publisherConnection.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = session.createProducer(topic);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            producer.send(session.createTextMessage(prefix + i));
            texts.add(prefix + i);
        }
        session.commit();
        session.close();
        return texts;
    }

    /** Receives on every consumer at once (one thread each) until {@code total} arrived or all went quiet. */
    private static List<List<String>> receiveConcurrently(List<MessageConsumer> consumers, int total)
            throws Exception {
        List<String> all = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(consumers.size());
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (MessageConsumer consumer : consumers) {
                results.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    while (all.size() < total) {
                        Message message = consumer.receive(500);
                        if (message == null) {
                            continue;
                        }
                        String text = ((TextMessage) message).getText();
                        mine.add(text);
                        all.add(text);
                    }
                    return mine;
                }));
            }
            List<List<String>> perConsumer = new ArrayList<>();
            for (Future<List<String>> result : results) {
                perConsumer.add(result.get(30, TimeUnit.SECONDS));
            }
            return perConsumer;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void assertEachExactlyOnce(List<String> expected, List<List<String>> perConsumer) {
        List<String> together = perConsumer.stream().flatMap(List::stream).toList();
        assertThat(together).as("every message exactly once across the consumers")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void consumersOfASharedSubscriptionWithoutClientIdCompeteAcrossConnections() throws Exception {
        Topic topic = publisherSession.createTopic("shared.compete");
        try (Connection first = factory.createConnection(); Connection second = factory.createConnection()) {
            first.start();
            second.start();
            MessageConsumer a = first.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedConsumer(topic, "workers");
            MessageConsumer b = second.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedConsumer(topic, "workers");
            Session plainSession = first.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer ownSubscription = plainSession.createConsumer(topic);

            List<String> published = publish(topic, "w", 100);
            List<List<String>> perConsumer = receiveConcurrently(List.of(a, b), 100);
            assertEachExactlyOnce(published, perConsumer);
            assertNull(a.receive(200));
            assertNull(b.receive(200));
            assertEquals(published, receiveTexts(ownSubscription, 100, 2_000),
                    "a subscriber outside the shared subscription gets every message");
        }
    }

    @Test
    void consumersOfASharedSubscriptionWithClientIdCompete() throws Exception {
        Topic topic = publisherSession.createTopic("shared.compete-id");
        try (Connection connection = factory.createConnection()) {
            connection.setClientID("shared-with-id");
            connection.start();
            MessageConsumer a = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedConsumer(topic, "workers");
            MessageConsumer b = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedConsumer(topic, "workers");
            List<String> published = publish(topic, "x", 60);
            assertEachExactlyOnce(published, receiveConcurrently(List.of(a, b), 60));
        }
    }

    @Test
    void sharedSubscriptionsOfDifferentClientIdsAreSeparate() throws Exception {
        Topic topic = publisherSession.createTopic("shared.two-clients");
        try (Connection alice = factory.createConnection(); Connection bob = factory.createConnection();
             Connection anonymous = factory.createConnection()) {
            alice.setClientID("shared-alice");
            bob.setClientID("shared-bob");
            for (Connection connection : List.of(alice, bob, anonymous)) {
                connection.start();
            }
            MessageConsumer aliceConsumer = alice.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedConsumer(topic, "news");
            MessageConsumer bobConsumer = bob.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedConsumer(topic, "news");
            MessageConsumer anonymousConsumer = anonymous.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedConsumer(topic, "news");
            List<String> published = publish(topic, "n", 10);
            assertEquals(published, receiveTexts(aliceConsumer, 10, 2_000));
            assertEquals(published, receiveTexts(bobConsumer, 10, 2_000));
            assertEquals(published, receiveTexts(anonymousConsumer, 10, 2_000));
        }
    }

    @Test
    void sharedDurableSubscriptionKeepsMessagesWhileNoConsumerIsActive() throws Exception {
        Topic topic = publisherSession.createTopic("shared.durable");
        try (Connection first = factory.createConnection()) {
            first.createSession(false, Session.AUTO_ACKNOWLEDGE).createSharedDurableConsumer(topic, "archive")
                    .close();
        }
        List<String> published = publish(topic, "d", 30);
        try (Connection first = factory.createConnection(); Connection second = factory.createConnection()) {
            first.start();
            second.start();
            MessageConsumer a = first.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedDurableConsumer(topic, "archive");
            MessageConsumer b = second.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedDurableConsumer(topic, "archive");
            assertEachExactlyOnce(published, receiveConcurrently(List.of(a, b), 30));
            Session session = first.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSException.class, () -> session.unsubscribe("archive"),
                    "unsubscribe fails while the shared durable subscription has active consumers");
            a.close();
            b.close();
            session.unsubscribe("archive");
        }
        publish(topic, "after unsubscribe", 1);
        try (Connection later = factory.createConnection()) {
            later.start();
            MessageConsumer consumer = later.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedDurableConsumer(topic, "archive");
            assertNull(consumer.receive(300), "a new subscription starts empty");
            consumer.close();
            later.createSession(false, Session.AUTO_ACKNOWLEDGE).unsubscribe("archive");
        }
    }

    @Test
    void sharedNonDurableSubscriptionIsDeletedWithItsLastConsumer() throws JMSException {
        Topic topic = publisherSession.createTopic("shared.transient");
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer first = session.createSharedConsumer(topic, "transient");
            publish(topic, "while subscribed-", 1);
            assertEquals(List.of("while subscribed-0"), receiveTexts(first, 1, 2_000));
            first.close();

            publish(topic, "nobody subscribed-", 3);
            MessageConsumer again = session.createSharedConsumer(topic, "transient");
            assertNull(again.receive(300), "the subscription ended with its last consumer, and with it what it held");
            publish(topic, "subscribed again-", 1);
            assertEquals(List.of("subscribed again-0"), receiveTexts(again, 2, 1_000));
        }
    }

    @Test
    void sharedSubscriptionCannotChangeSelectorOrTopicWhileItHasConsumers() throws JMSException {
        Topic topic = publisherSession.createTopic("shared.change");
        Topic otherTopic = publisherSession.createTopic("shared.change-other");
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer active = session.createSharedConsumer(topic, "s", "a = 1");
            assertThrows(JMSException.class, () -> session.createSharedConsumer(topic, "s", "a = 2"));
            assertThrows(JMSException.class, () -> session.createSharedConsumer(otherTopic, "s", "a = 1"));
            MessageConsumer durable = session.createSharedDurableConsumer(topic, "sd", "a = 1");
            assertThrows(JMSException.class, () -> session.createSharedDurableConsumer(topic, "sd", "a = 2"));
            MessageConsumer sameAgain = session.createSharedDurableConsumer(topic, "sd", "a = 1");
            sameAgain.close();
            active.close();
            durable.close();
            session.unsubscribe("sd");
        }
    }

    @Test
    void sharedDurableSubscriptionWithAnotherSelectorReplacesItWhenNoConsumerIsActive() throws JMSException {
        Topic topic = publisherSession.createTopic("shared.reselect");
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createSharedDurableConsumer(topic, "sd", "kind = 'a'").close();
            TextMessage old = publisherSession.createTextMessage("old a");
            old.setStringProperty("kind", "a");
            publisherSession.createProducer(topic).send(old);

            MessageConsumer replaced = session.createSharedDurableConsumer(topic, "sd", "kind = 'b'");
            assertNull(replaced.receive(300), "replaced by a new, empty subscription");
            replaced.close();
            session.unsubscribe("sd");
        }
    }

    @Test
    void sharedAndUnsharedDurableSubscriptionsMayNotShareANameAndClientId() throws JMSException {
        Topic topic = publisherSession.createTopic("shared.clash");
        try (Connection connection = factory.createConnection()) {
            connection.setClientID("shared-clash");
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createDurableConsumer(topic, "unshared").close();
            assertThrows(JMSException.class, () -> session.createSharedDurableConsumer(topic, "unshared"),
                    "an unshared durable subscription of that name and client ID exists");
            session.createSharedDurableConsumer(topic, "shared").close();
            assertThrows(JMSException.class, () -> session.createDurableConsumer(topic, "shared"),
                    "a shared durable subscription of that name and client ID exists");
            session.unsubscribe("unshared");
            session.unsubscribe("shared");
        }
    }

    @Test
    void sharedNonDurableAndDurableSubscriptionsOfTheSameNameAreSeparate() throws JMSException {
        Topic topic = publisherSession.createTopic("shared.same-name");
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer nonDurable = session.createSharedConsumer(topic, "name");
            MessageConsumer durable = session.createSharedDurableConsumer(topic, "name");
            List<String> published = publish(topic, "s", 5);
            assertEquals(published, receiveTexts(nonDurable, 5, 2_000));
            assertEquals(published, receiveTexts(durable, 5, 2_000));
            durable.close();
            session.unsubscribe("name");
        }
    }

    @Test
    void simplifiedApiSharedConsumersCompete() throws Exception {
        Topic topic = publisherSession.createTopic("shared.context");
        try (JMSContext first = factory.createContext(); JMSContext second = factory.createContext()) {
            JMSConsumer a = first.createSharedConsumer(topic, "ctx");
            JMSConsumer b = second.createSharedConsumer(topic, "ctx");
            List<String> published = publish(topic, "c", 20);
            Set<String> received = new HashSet<>();
            List<String> all = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (all.size() < 20 && System.currentTimeMillis() < deadline) {
                for (JMSConsumer consumer : List.of(a, b)) {
                    String body = consumer.receiveBody(String.class, 100);
                    if (body != null) {
                        all.add(body);
                        received.add(body);
                    }
                }
            }
            assertEquals(20, all.size(), "received: " + all);
            assertEquals(Set.copyOf(published), received);
            assertEquals(IntStream.range(0, 20).mapToObj(i -> "c" + i).collect(Collectors.toSet()), received);
        }
    }

    /**
     * The last consumer of a shared non-durable subscription leaves while a consumer on another connection joins:
     * the joiner must end up on a live subscription (before the fix, the leaver could delete the subscription the
     * joiner had just found, and the joiner then received nothing).
     */
    @Test
    void consumerJoiningWhileTheLastOneLeavesKeepsReceiving() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection leaving = factory.createConnection(); Connection joining = factory.createConnection();
             Connection publishing = factory.createConnection()) {
            leaving.start();
            joining.start();
            Session publisher = publishing.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (int round = 0; round < 15; round++) {
                Topic topic = publisher.createTopic("shared.race." + round);
                Session leaverSession = leaving.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Session joinerSession = joining.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer leaver = leaverSession.createSharedConsumer(topic, "race");
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                Future<?> closed = pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    leaver.close();
                    return null;
                });
                Future<MessageConsumer> joined = pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return joinerSession.createSharedConsumer(topic, "race");
                });
                closed.get(30, TimeUnit.SECONDS);
                MessageConsumer joiner = joined.get(30, TimeUnit.SECONDS);
                publisher.createProducer(topic).send(publisher.createTextMessage("round " + round));
                Message received = joiner.receive(10_000);
                assertThat(received).as("round %d: the joiner's subscription survived the leaver", round)
                        .isNotNull();
                assertEquals("round " + round, ((TextMessage) received).getText());
                joiner.close();
                leaverSession.close();
                joinerSession.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
