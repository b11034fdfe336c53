package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.jms.internal.message.NestedSets;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A received ObjectMessage deserialises only within the graph limits of its connection factory: the nested-set
 * payload is refused at once, an application's object graph of allowed classes still round-trips, and the limits
 * are settings of the URL.
 */
@ExtendWith(PostgresExtension.class)
class ObjectMessageLimitsTest {

    record Address(String street, String city, List<String> lines) implements Serializable {
    }

    record Customer(UUID id, String name, Address address) implements Serializable {
    }

    record Category(String name, Category parent) implements Serializable {
    }

    record Product(String sku, Category category, Set<String> tags) implements Serializable {
    }

    record Line(Product product, int quantity, BigDecimal price) implements Serializable {
    }

    record Order(UUID id, Instant placed, Customer customer, List<Line> lines, Map<String, String> attributes)
            implements Serializable {
    }

    private static ObjectMessage sendAndReceive(JMSContext context, String queueName, Serializable object) {
        Queue queue = context.createQueue(queueName);
        try (JMSConsumer consumer = context.createConsumer(queue)) {
            context.createProducer().send(queue, object);
            ObjectMessage received = (ObjectMessage) consumer.receive(Timing.seconds(20).toMillis());
            assertThat(received).as("the message sent to " + queueName).isNotNull();
            return received;
        }
    }

    private static long millisToRefuse(ObjectMessage message, StringBuilder error) throws JMSException {
        long started = System.nanoTime();
        try {
            message.getObject();
        } catch (MessageFormatException e) {
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            error.append(e.getMessage());
            return elapsed;
        }
        throw new AssertionError("getObject() returned the object");
    }

    @Test
    void theNestedHashSetPayloadIsRefusedWithin100Milliseconds(TestDatabase db) throws Exception {
        try (JMSContext context = JmsTestSupport.factory(db).createContext()) {
            // a small set first, so that the timing below measures the payload, not loading the classes
            assertThat(sendAndReceive(context, "limits.warm-up", NestedSets.ofDepth(3)).getObject()).isNotNull();
            ObjectMessage bomb = sendAndReceive(context, "limits.bomb", NestedSets.ofDepth(31));
            StringBuilder error = new StringBuilder();
            long elapsedMs = millisToRefuse(bomb, error);
            assertThat(error).contains("deeper than 20 levels").contains("objectMessageMaxDepth");
            assertThat(elapsedMs).as("milliseconds to refuse the payload").isLessThan(100);
        }
    }

    @Test
    void anApplicationsObjectGraphOfAllowedClassesRoundTrips(TestDatabase db) throws Exception {
        Category tea = new Category("tea", new Category("drinks", new Category("food", null)));
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            lines.add(new Line(new Product("T-" + i, tea, new HashSet<>(Set.of("organic", "loose"))), i,
                    new BigDecimal("3.50").multiply(BigDecimal.valueOf(i))));
        }
        Order order = new Order(UUID.randomUUID(), Instant.parse("2026-12-02T10:15:30Z"),
                new Customer(UUID.randomUUID(), "Ada", new Address("1 Quay", "Leith", List.of("Unit 4"))), lines,
                Map.of("channel", "web"));
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, "objectMessageAllowList=dev.sluice.jms");
        try (JMSContext context = factory.createContext()) {
            assertThat(sendAndReceive(context, "limits.orders", order).getBody(Order.class)).isEqualTo(order);
        }
    }

    @Test
    void theLimitsAreSettingsOfTheUrl(TestDatabase db) throws Exception {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, "objectMessageMaxArrayLength=10");
        try (JMSContext context = factory.createContext()) {
            StringBuilder error = new StringBuilder();
            millisToRefuse(sendAndReceive(context, "limits.arrays", new int[20]), error);
            assertThat(error).contains("array of 20 elements").contains("objectMessageMaxArrayLength");
            assertThat((int[]) sendAndReceive(context, "limits.arrays", new int[10]).getObject()).hasSize(10);
        }
        factory.setSetting(ProviderConfig.OBJECT_MESSAGE_MAX_DEPTH, "0");
        assertThat(assertThrows(JMSException.class, factory::config))
                .hasMessageContaining("objectMessageMaxDepth=0");
    }
}
