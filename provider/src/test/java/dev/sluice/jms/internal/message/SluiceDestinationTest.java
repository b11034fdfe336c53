package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.SluiceQueue;
import dev.sluice.jms.SluiceTopic;
import dev.sluice.jms.jndi.SluiceObjectFactory;
import jakarta.jms.JMSException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.naming.Reference;
import javax.naming.StringRefAddr;
import org.junit.jupiter.api.Test;

/** Destinations: addresses, equality, temporary deletion, serialisation and JNDI references. */
class SluiceDestinationTest {

    @Test
    void addressesRoundTripForEveryKind() {
        List<SluiceDestination> all = List.of(new SluiceQueue("orders"), new SluiceTopic("prices"),
                new SluiceTemporaryQueue("tq-1", null), new SluiceTemporaryTopic("tt-1", null),
                new SluiceQueue("logs/web.eu-west:v2$x"));
        assertThat(all).extracting(SluiceDestination::toAddress).containsExactly("queue://orders", "topic://prices",
                "temp-queue://tq-1", "temp-topic://tt-1", "queue://logs/web.eu-west:v2$x");
        for (SluiceDestination destination : all) {
            SluiceDestination back = SluiceDestination.fromAddress(destination.toAddress());
            assertThat(back).isEqualTo(destination).hasSameHashCodeAs(destination);
            assertThat(back.getClass()).isEqualTo(destination.getClass());
            assertThat(back.name()).isEqualTo(destination.name());
        }
    }

    @Test
    void kindsAndNames() throws JMSException {
        SluiceQueue queue = new SluiceQueue("orders");
        SluiceTopic topic = new SluiceTopic("prices");
        assertThat(queue.isQueue()).isTrue();
        assertThat(queue.isTemporary()).isFalse();
        assertThat(queue.getQueueName()).isEqualTo("orders");
        assertThat(topic.isQueue()).isFalse();
        assertThat(topic.getTopicName()).isEqualTo("prices");
        SluiceTemporaryTopic temporaryTopic = new SluiceTemporaryTopic("tt", null);
        assertThat(temporaryTopic.isTemporary()).isTrue();
        assertThat(temporaryTopic.getTopicName()).isEqualTo("tt");
        assertThat(queue).hasToString("queue 'orders'");
        assertThat(new SluiceTemporaryQueue("x", null)).hasToString("temporary queue 'x'");
    }

    @Test
    void equalityIsByKindAndCaseSensitiveName() {
        assertThat(new SluiceQueue("a")).isEqualTo(new SluiceQueue("a"));
        assertThat(new SluiceQueue("a")).isNotEqualTo(new SluiceQueue("A"));
        assertThat(new SluiceQueue("a")).isNotEqualTo(new SluiceTopic("a"));
        assertThat(new SluiceQueue("a")).isNotEqualTo(new SluiceTemporaryQueue("a", null));
        assertThat(new SluiceTemporaryQueue("a", destination -> { }))
                .isEqualTo(new SluiceTemporaryQueue("a", null));
    }

    @Test
    void badAddressesAreRefusedNamingThem() {
        for (String bad : List.of("orders", "queue://", "mailbox://x", "://x", "queue:/x")) {
            assertThatThrownBy(() -> SluiceDestination.fromAddress(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> SluiceDestination.fromAddress(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SluiceQueue("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SluiceTopic(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void temporaryDestinationsAreDeletedThroughTheirOwner() throws JMSException {
        List<SluiceDestination> deleted = new ArrayList<>();
        SluiceTemporaryQueue queue = new SluiceTemporaryQueue("tq", deleted::add);
        SluiceTemporaryTopic topic = new SluiceTemporaryTopic("tt", deleted::add);
        queue.delete();
        topic.delete();
        assertThat(deleted).containsExactly(queue, topic);
        assertThatThrownBy(() -> new SluiceTemporaryTopic("tt", null).delete())
                .isInstanceOf(jakarta.jms.IllegalStateException.class)
                .hasMessageContaining("temporary topic 'tt'")
                .hasMessageContaining("only the connection that created it can delete it");
        SluiceTemporaryQueue refusing = new SluiceTemporaryQueue("busy", destination -> {
            throw new JMSException("temporary queue 'busy' still has a consumer");
        });
        assertThatThrownBy(refusing::delete).hasMessageContaining("still has a consumer");
    }

    @Test
    void serialisationKeepsTheDestinationButNotTheOwner() throws Exception {
        SluiceTemporaryQueue owned = new SluiceTemporaryQueue("tq", destination -> { });
        SluiceDestination copy = serialiseAndBack(owned);
        assertThat(copy).isEqualTo(owned);
        assertThat(((SluiceTemporaryQueue) copy).owner()).isNull();
        assertThat(serialiseAndBack(new SluiceTopic("t"))).isEqualTo(new SluiceTopic("t"));
    }

    @Test
    void jndiReferenceRebuildsTheDestination() throws Exception {
        SluiceObjectFactory factory = new SluiceObjectFactory();
        for (SluiceDestination destination : List.of(new SluiceQueue("q"), new SluiceTopic("t"))) {
            Reference reference = destination.getReference();
            assertThat(reference.getFactoryClassName()).isEqualTo(SluiceObjectFactory.class.getName());
            assertThat(factory.getObjectInstance(reference, null, null, null)).isEqualTo(destination);
        }
        Reference unknown = new Reference("com.acme.Thing", new StringRefAddr("address", "queue://q"));
        assertThat(factory.getObjectInstance(unknown, null, null, null)).isNull();
        assertThat(factory.getObjectInstance("not a reference", null, null, null)).isNull();
    }

    private static SluiceDestination serialiseAndBack(SluiceDestination destination)
            throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(destination);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SluiceDestination) in.readObject();
        }
    }
}
