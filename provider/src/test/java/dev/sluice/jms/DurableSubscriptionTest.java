package dev.sluice.jms;

import static dev.sluice.jms.JmsTestSupport.receiveTexts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Unshared durable subscriptions (Jakarta Messaging 3.1 section 8.3.2 and the javadoc of
 * {@code Session.createDurableConsumer} and {@code Session.unsubscribe}): keyed by client ID and name, they keep
 * what is published while no consumer is active, admit one active consumer, are replaced when asked for with
 * another topic, selector or noLocal, and are deleted by unsubscribe when nobody consumes from them.
 */
@ExtendWith(PostgresExtension.class)
class DurableSubscriptionTest {

    private static TestDatabase database;
    private static SluiceConnectionFactory factory;
    private static Connection publisherConnection;
    private static Session publisherSession;

    @BeforeAll
    static void open(TestDatabase db) throws JMSException {
        database = db;
        factory = JmsTestSupport.factory(db);
        publisherConnection = factory.createConnection();
        publisherSession = publisherConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterAll
    static void close() {
        JmsTestSupport.closeQuietly(publisherConnection);
    }

    private static void publish(Topic topic, String... texts) throws JMSException {
        MessageProducer producer = publisherSession.createProducer(topic);
        for (String text : texts) {
            producer.send(publisherSession.createTextMessage(text));
        }
        producer.close();
    }

    private static Connection connectAs(String clientId) throws JMSException {
        Connection connection = factory.createConnection();
        connection.setClientID(clientId);
        connection.start();
        return connection;
    }

    @Test
    void durableSubscriptionReceivesWhatWasPublishedWhileNoConsumerWasActive() throws JMSException {
        Topic topic = publisherSession.createTopic("durable.offline");
        publish(topic, "before the subscription");
        try (Connection first = connectAs("durable-offline")) {
            Session session = first.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TopicSubscriber subscriber = session.createDurableSubscriber(topic, "orders");
            assertEquals(topic, subscriber.getTopic());
            assertFalse(subscriber.getNoLocal());
            publish(topic, "online");
            assertEquals(List.of("online"), receiveTexts(subscriber, 2, 1_000));
        }
        publish(topic, "offline-1", "offline-2", "offline-3");
        try (Connection second = connectAs("durable-offline")) {
            Session session = second.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createDurableConsumer(topic, "orders");
            assertEquals(List.of("offline-1", "offline-2", "offline-3"), receiveTexts(consumer, 4, 1_000),
                    "exactly what was published while the subscriber was away, and nothing from before it existed");
            consumer.close();
            session.unsubscribe("orders");
        }
    }

    @Test
    void restartedSubscriberReceivesAThousandMessagesFromAnotherProcessInOrderExactlyOnce() throws JMSException {
        Topic topic = publisherSession.createTopic("durable.thousand");
        try (Connection subscriber = connectAs("durable-thousand")) {
            subscriber.createSession(false, Session.AUTO_ACKNOWLEDGE).createDurableConsumer(topic, "all").close();
        }
        try (ChildJvm publisher = ChildJvm.start(ChildPublisherMain.class,
                factory.getUrl() + "&user=" + database.user(), "topic", "durable.thousand", "1000")) {
            assertEquals(0, publisher.awaitExit(Duration.ofSeconds(60)), () -> String.join("\n", publisher.output()));
            assertTrue(publisher.output().contains("published 1000"), () -> String.join("\n", publisher.output()));
        }
        try (Connection subscriber = connectAs("durable-thousand")) {
            Session session = subscriber.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createDurableConsumer(topic, "all");
            List<String> received = new java.util.ArrayList<>();
            while (received.size() < 1000) {
                Message message = consumer.receive(2_000);
                if (message == null) {
                    break;
                }
                received.add(((TextMessage) message).getText());
                if (received.size() % 100 == 0) {
                    session.commit();
                }
            }
            session.commit();
            assertEquals(IntStream.range(0, 1000).mapToObj(i -> "m" + i).toList(), received);
            assertNull(consumer.receive(300), "nothing is delivered twice");
            consumer.close();
        }
        try (Connection again = connectAs("durable-thousand")) {
            Session session = again.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createDurableConsumer(topic, "all");
            assertNull(consumer.receive(300), "everything was committed; nothing comes back after a restart");
            consumer.close();
            session.unsubscribe("all");
        }
    }

    @Test
    void unsharedDurableSubscriptionAdmitsOnlyOneActiveConsumer() throws JMSException {
        Topic topic = publisherSession.createTopic("durable.exclusive");
        try (Connection connection = connectAs("durable-exclusive")) {
            Session first = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session second = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer active = first.createDurableConsumer(topic, "only-one");
            assertThrows(IllegalStateException.class, () -> second.createDurableConsumer(topic, "only-one"));
            assertThrows(IllegalStateException.class, () -> second.createDurableSubscriber(topic, "only-one"));
            assertThrows(IllegalStateException.class,
                    () -> second.createDurableConsumer(topic, "only-one", "x = 1", false),
                    "not even with another selector while a consumer is active");

            publish(topic, "still delivered to the active one");
            assertEquals(List.of("still delivered to the active one"), receiveTexts(active, 1, 2_000));
            active.close();
            MessageConsumer next = second.createDurableConsumer(topic, "only-one");
            publish(topic, "to the next one");
            assertEquals(List.of("to the next one"), receiveTexts(next, 1, 2_000));
            next.close();
            second.unsubscribe("only-one");
        }
    }

    @Test
    void simplifiedApiRejectsASecondActiveConsumerWithIllegalStateRuntimeException(TestDatabase db) {
        try (JMSContext context = JmsTestSupport.factory(db, "clientID=durable-context").createContext()) {
            Topic topic = context.createTopic("durable.context");
            JMSConsumer active = context.createDurableConsumer(topic, "only-one");
            JMSContext other = context.createContext(JMSContext.AUTO_ACKNOWLEDGE);
            assertThrows(IllegalStateRuntimeException.class, () -> other.createDurableConsumer(topic, "only-one"));
            active.close();
            assertThrows(InvalidDestinationRuntimeException.class, () -> context.unsubscribe("no-such-name"));
            context.unsubscribe("only-one");
            other.close();
        }
    }

    @Test
    void changingTheSelectorReplacesTheSubscription() throws JMSException {
        Topic topic = publisherSession.createTopic("durable.reselect");
        try (Connection connection = connectAs("durable-reselect")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createDurableConsumer(topic, "sub", "kind = 'a'", false).close();
            TextMessage kept = publisherSession.createTextMessage("kind a, published to the old subscription");
            kept.setStringProperty("kind", "a");
            TextMessage b = publisherSession.createTextMessage("kind b, published to the old subscription");
            b.setStringProperty("kind", "b");
            MessageProducer producer = publisherSession.createProducer(topic);
            producer.send(kept);
            producer.send(b);

            MessageConsumer replaced = session.createDurableConsumer(topic, "sub", "kind = 'b'", false);
            assertNull(replaced.receive(300), "a new selector means a new, empty subscription");
            TextMessage fresh = publisherSession.createTextMessage("kind b, new");
            fresh.setStringProperty("kind", "b");
            producer.send(fresh);
            assertEquals(List.of("kind b, new"), receiveTexts(replaced, 2, 1_000));
            replaced.close();
            session.unsubscribe("sub");
        }
    }

    /**
     * TCK {@code MsgSelectorTopicTests#durableTopicEmptyStringSelTest}: null, empty and blank are all "no selector",
     * so reopening a subscription with another of them keeps it and what it holds.
     */
    @Test
    void emptyBlankAndNullSelectorsAreTheSameSubscription() throws JMSException {
        Topic topic = publisherSession.createTopic("durable.empty-selector");
        try (Connection connection = connectAs("durable-empty-selector")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createDurableSubscriber(topic, "sub", "", false).close();
            publish(topic, "kept from the empty selector to null");
            MessageConsumer nullSelector = session.createDurableConsumer(topic, "sub");
            assertEquals(List.of("kept from the empty selector to null"), receiveTexts(nullSelector, 1, 2_000));
            nullSelector.close();

            publish(topic, "kept from null to a blank selector");
            MessageConsumer blank = session.createDurableConsumer(topic, "sub", " \t ", false);
            assertNull(blank.getMessageSelector(), "a blank selector is no selector (javadoc of getMessageSelector)");
            assertEquals(List.of("kept from null to a blank selector"), receiveTexts(blank, 1, 2_000));
            blank.close();
            session.unsubscribe("sub");

            session.createSharedDurableConsumer(topic, "shared", "").close();
            publish(topic, "kept by the shared subscription");
            MessageConsumer shared = session.createSharedDurableConsumer(topic, "shared");
            assertEquals(List.of("kept by the shared subscription"), receiveTexts(shared, 1, 2_000));
            shared.close();
            session.unsubscribe("shared");
        }
    }

    @Test
    void changingTheTopicReplacesTheSubscription() throws JMSException {
        Topic oldTopic = publisherSession.createTopic("durable.old-topic");
        Topic newTopic = publisherSession.createTopic("durable.new-topic");
        try (Connection connection = connectAs("durable-retopic")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createDurableConsumer(oldTopic, "sub").close();
            publish(oldTopic, "old topic, before the change");

            MessageConsumer moved = session.createDurableConsumer(newTopic, "sub");
            publish(oldTopic, "old topic, after the change");
            publish(newTopic, "new topic");
            assertEquals(List.of("new topic"), receiveTexts(moved, 3, 1_000));
            moved.close();
            session.unsubscribe("sub");
        }
    }

    @Test
    void unsubscribeFailsWhileAConsumerIsActiveAndThenDeletesTheSubscription() throws JMSException {
        Topic topic = publisherSession.createTopic("durable.unsubscribe");
        try (Connection connection = connectAs("durable-unsubscribe")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createDurableConsumer(topic, "sub");
            assertThrows(JMSException.class, () -> session.unsubscribe("sub"));
            publish(topic, "while active");
            assertEquals(List.of("while active"), receiveTexts(consumer, 1, 2_000),
                    "the failed unsubscribe left the subscription working");
            consumer.close();

            session.unsubscribe("sub");
            publish(topic, "after unsubscribe");
            MessageConsumer recreated = session.createDurableConsumer(topic, "sub");
            assertNull(recreated.receive(300), "the old subscription and what it kept are gone");
            recreated.close();
            session.unsubscribe("sub");
            assertThrows(InvalidDestinationException.class, () -> session.unsubscribe("sub"));
        }
    }

    @Test
    void unsubscribeOfAnUnknownNameThrowsInvalidDestinationException() throws JMSException {
        try (Connection connection = connectAs("durable-unknown")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(InvalidDestinationException.class, () -> session.unsubscribe("never-created"));
        }
    }

    @Test
    void durableSubscriptionsOfDifferentClientIdsAreSeparate() throws JMSException {
        Topic topic = publisherSession.createTopic("durable.two-clients");
        try (Connection alice = connectAs("durable-alice"); Connection bob = connectAs("durable-bob")) {
            MessageConsumer aliceConsumer = alice.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createDurableConsumer(topic, "news");
            Session bobSession = bob.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer bobConsumer = bobSession.createDurableConsumer(topic, "news");
            publish(topic, "n1", "n2");
            assertEquals(List.of("n1", "n2"), receiveTexts(aliceConsumer, 2, 2_000));
            assertEquals(List.of("n1", "n2"), receiveTexts(bobConsumer, 2, 2_000));
            bobConsumer.close();
            bobSession.unsubscribe("news");
            aliceConsumer.close();
            alice.createSession(false, Session.AUTO_ACKNOWLEDGE).unsubscribe("news");
        }
    }

    @Test
    void durableConsumerNeedsAClientId() throws JMSException {
        try (Connection anonymous = factory.createConnection()) {
            Session session = anonymous.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("durable.anonymous");
            assertThrows(IllegalStateException.class, () -> session.createDurableConsumer(topic, "sub"));
            assertThrows(IllegalStateException.class, () -> session.createDurableSubscriber(topic, "sub"));
        }
        try (JMSContext context = factory.createContext()) {
            Topic topic = context.createTopic("durable.anonymous");
            assertThrows(IllegalStateRuntimeException.class, () -> context.createDurableConsumer(topic, "sub"));
        }
    }

    /** TCK {@code jmscontexttopictests#invalidDestinationRuntimeExceptionTests}: the topic is checked first. */
    @Test
    void invalidTopicIsReportedBeforeAMissingClientId() throws JMSException {
        try (Connection anonymous = factory.createConnection()) {
            Session session = anonymous.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(InvalidDestinationException.class, () -> session.createDurableConsumer(null, "sub"));
            assertThrows(InvalidDestinationException.class,
                    () -> session.createDurableSubscriber(null, "sub", "a = 1", true));
        }
        try (JMSContext context = factory.createContext()) {
            assertThrows(InvalidDestinationRuntimeException.class, () -> context.createDurableConsumer(null, "sub"));
            assertThrows(InvalidDestinationRuntimeException.class,
                    () -> context.createDurableConsumer(null, "sub", "a = 1", false));
        }
    }

    @Test
    void noLocalDurableSubscriberDoesNotGetItsOwnConnectionsMessages() throws JMSException {
        Topic topic = publisherSession.createTopic("durable.nolocal");
        try (Connection connection = connectAs("durable-nolocal")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TopicSubscriber subscriber = session.createDurableSubscriber(topic, "others", null, true);
            assertTrue(subscriber.getNoLocal());
            session.createProducer(topic).send(session.createTextMessage("mine"));
            publish(topic, "theirs");
            assertEquals(List.of("theirs"), receiveTexts(subscriber, 2, 1_000));
            subscriber.close();
            session.unsubscribe("others");
        }
    }

    @Test
    void noLocalDurableSubscriptionIgnoresMessagesFromAnyConnectionWithItsClientId() throws JMSException {
        Topic topic = publisherSession.createTopic("durable.nolocal-reconnect");
        try (Connection creator = connectAs("durable-nolocal-id")) {
            creator.createSession(false, Session.AUTO_ACKNOWLEDGE).createDurableConsumer(topic, "others", null, true)
                    .close();
        }
        try (Connection sameClient = connectAs("durable-nolocal-id")) {
            Session session = sameClient.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(topic).send(session.createTextMessage("published by the same client ID"));
        }
        publish(topic, "published by someone else");
        try (Connection reader = connectAs("durable-nolocal-id")) {
            Session session = reader.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createDurableConsumer(topic, "others", null, true);
            assertEquals(List.of("published by someone else"), receiveTexts(consumer, 2, 1_000),
                    "noLocal: messages published by any connection with the subscription's client identifier are"
                            + " not added to the durable subscription");
            consumer.close();
            session.unsubscribe("others");
        }
    }

    @Test
    void durableSubscriptionOnATemporaryTopicIsRejected() throws JMSException {
        try (Connection connection = connectAs("durable-temporary")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic temporary = session.createTemporaryTopic();
            assertThrows(InvalidDestinationException.class, () -> session.createDurableConsumer(temporary, "tmp"),
                    "createDurableConsumer takes a non-temporary topic");
        }
    }
}
