package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Memory is bounded by configuration: a consumer with a 256 MB heap and the default prefetch of 100 drains a backlog
 * of messages whose bodies together are larger than its heap (one claim holds at most prefetchBytes, or one message
 * per partition when a message is larger), and a send larger than maxMessageBytes fails with a clear error.
 */
@ExtendWith(PostgresExtension.class)
class LargeMessageTest {

    private static final int MESSAGES = 24;
    private static final int BODY_BYTES = 12 * 1024 * 1024;

    @Test
    void aSmallHeapConsumerDrainsABacklogOfLargeMessages(TestDatabase db) throws Exception {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, "defaultPartitions=1");
        byte[] body = new byte[BODY_BYTES];
        new Random(7).nextBytes(body);
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("large-backlog"));
            for (int i = 0; i < MESSAGES; i++) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(body);
                producer.send(message);
            }
        }
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user()
                + (db.password() == null ? "" : "&password=" + db.password());
        try (ChildJvm consumer = ChildJvm.start(ChildLargeConsumerMain.class, url, "large-backlog",
                String.valueOf(MESSAGES))) {
            consumer.awaitLine("drained " + MESSAGES, Timing.seconds(180));
            assertThat(consumer.output()).filteredOn(line -> line.startsWith("got "))
                    .hasSize(MESSAGES).allMatch(line -> line.startsWith("got " + BODY_BYTES + " bytes"));
            assertThat(consumer.output()).noneMatch(line -> line.contains("OutOfMemoryError"));
        }
    }

    @Test
    void aSendLargerThanMaxMessageBytesFailsAndNamesTheLimit(TestDatabase db) throws Exception {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, "maxMessageBytes=1000");
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("bounded"));
            BytesMessage large = session.createBytesMessage();
            large.writeBytes(new byte[2000]);
            assertThatThrownBy(() -> producer.send(large)).isInstanceOf(ResourceAllocationException.class)
                    .hasMessageContaining("maxMessageBytes = 1000").hasMessageContaining("queue");
            BytesMessage small = session.createBytesMessage();
            small.writeBytes(new byte[500]);
            producer.send(small);
            connection.start();
            BytesMessage received = (BytesMessage) session.createConsumer(session.createQueue("bounded"))
                    .receive(Timing.seconds(10).toMillis());
            assertThat(received).as("only the message within the limit was stored").isNotNull();
            assertThat(received.getBodyLength()).isEqualTo(500);
        }
    }
}
