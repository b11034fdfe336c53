package dev.sluice.flume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JMS channel: transactional puts and takes, events as BytesMessages, capacity, topics. */
@ExtendWith(PostgresExtension.class)
class JmsChannelTest {

    private static Channel channel(TestDatabase db, String destination, String... extra) {
        StringBuilder text = new StringBuilder("a.sinks = k\na.sinks.k.type = null\na.sinks.k.channel = c\n"
                + "a.channels = c\na.channels.c.type = jms\na.channels.c.url = ${DB_URL}\n"
                + "a.channels.c.user = ${DB_USER}\na.channels.c.password = ${DB_PASSWORD}\n"
                + "a.channels.c.destination = " + destination + "\n");
        for (String line : extra) {
            text.append("a.channels.c.").append(line).append('\n');
        }
        Channel channel = Agent.create(AgentTestSupport.configuration("a", text.toString(), db)).channel("c");
        channel.start();
        return channel;
    }

    @Test
    void rolledBackTakeIsRedeliveredAndCommittedTakeIsGone(TestDatabase db) {
        Channel channel = channel(db, "queue://channel.rollback");
        try {
            channel.put(List.of(Event.ofText("one"), Event.ofText("two")));
            try (ChannelTaker taker = channel.openTaker("k", "a.k")) {
                List<Event> first = taker.take(10, 5000);
                assertThat(first).extracting(Event::bodyText).containsExactly("one", "two");
                taker.rollback();
                List<Event> again = new ArrayList<>(taker.take(10, 5000));
                assertThat(again).extracting(Event::bodyText).containsExactly("one", "two");
                taker.commit();
                channel.put(List.of(Event.ofText("marker")));
                assertThat(taker.take(10, 5000)).extracting(Event::bodyText).containsExactly("marker");
                taker.commit();
            }
        } finally {
            channel.stop();
        }
    }

    @Test
    void headersTravelAsStringPropertiesOfABytesMessageWithNamesMappedReversibly(TestDatabase db) throws Exception {
        Channel channel = channel(db, "queue://channel.headers");
        try {
            Event event = new Event(Map.of("host", "web-1", "Content-Type", "text/plain", "JMSType", "x",
                    "and", "reserved"), new byte[] {0, 1, 2, (byte) 255});
            channel.put(List.of(event));
            SluiceConnectionFactory factory = new SluiceConnectionFactory(db.jdbcUrl());
            factory.setUser(db.user());
            factory.setPassword(db.password());
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("channel.headers"));
                BytesMessage message = (BytesMessage) consumer.receive(5000);
                assertThat(message.getStringProperty("host")).isEqualTo("web-1");
                assertThat(message.getStringProperty("flume$Content$002dType")).isEqualTo("text/plain");
                byte[] body = new byte[(int) message.getBodyLength()];
                message.readBytes(body);
                assertThat(body).containsExactly(0, 1, 2, 255);
                message.reset();
                Event back = dev.sluice.flume.internal.EventMessages.toEvent(message);
                assertThat(back.headers()).isEqualTo(event.headers());
            }
        } finally {
            channel.stop();
        }
    }

    @Test
    void aFullQueuePushesBackOnPuts(TestDatabase db) {
        Channel channel = channel(db, "queue://channel.full", "capacity = 3", "capacityCheckInterval = 0");
        try {
            channel.put(List.of(Event.ofText("1"), Event.ofText("2"), Event.ofText("3")));
            assertThatThrownBy(() -> channel.put(List.of(Event.ofText("4"))))
                    .isInstanceOf(ChannelFullException.class)
                    .hasMessageContaining("capacity is 3");
            try (ChannelTaker taker = channel.openTaker("k", "a.k")) {
                assertThat(taker.take(2, 5000)).hasSize(2);
                taker.commit();
            }
            channel.put(List.of(Event.ofText("4")));
        } finally {
            channel.stop();
        }
    }

    @Test
    void eachSinkOfATopicReadsItsOwnDurableSubscription(TestDatabase db) {
        Channel channel = channel(db, "topic://channel.topic");
        try (ChannelTaker first = channel.openTaker("k1", "a.k1");
             ChannelTaker second = channel.openTaker("k2", "a.k2")) {
            channel.put(List.of(Event.ofText("x"), Event.ofText("y")));
            assertThat(first.take(10, 5000)).extracting(Event::bodyText).containsExactly("x", "y");
            first.commit();
            assertThat(second.take(10, 5000)).extracting(Event::bodyText).containsExactly("x", "y");
            second.commit();
        } finally {
            channel.stop();
        }
    }
}
