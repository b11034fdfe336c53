package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.StoredMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;

import java.io.Serializable;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** ObjectMessage deserialisation through the allow-list. */
class ObjectMessageAllowListTest {

    /** An application class, off the default allow-list. */
    static final class Order implements Serializable {
        private static final long serialVersionUID = 1L;
        final String id;
        final List<Line> lines;

        Order(String id, List<Line> lines) {
            this.id = id;
            this.lines = lines;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Order && ((Order) other).id.equals(id) && ((Order) other).lines.equals(lines);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, lines);
        }
    }

    /** Nested in the application's package too. */
    record Line(String product, int quantity) implements Serializable {
    }

    private static final String ORDER = Order.class.getName();

    private static SluiceObjectMessage received(Serializable object, ObjectMessageAllowList allowList)
            throws JMSException {
        SluiceObjectMessage message = new SluiceObjectMessage();
        message.setObject(object);
        MessageCodec codec = new MessageCodec(allowList);
        MessageRecord record = codec.encode(message, "p");
        return (SluiceObjectMessage) codec.decode(new StoredMessage(1, 0, 0, record));
    }

    @Test
    void secureDefaultAllowsJdkValueTypesAndPrimitiveArrays() throws JMSException {
        Map<String, Object> value = new HashMap<>();
        value.put("list", new ArrayList<>(List.of(1, 2L, "three")));
        value.put("big", BigInteger.TWO.pow(100));
        value.put("duration", Duration.ofSeconds(5));
        value.put("ints", new int[] {1, 2});
        value.put("strings", new String[][] {{"a"}});
        SluiceObjectMessage message = received((Serializable) value, ObjectMessageAllowList.secureDefault());
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) message.getObject();
        assertThat(copy.get("list")).isEqualTo(value.get("list"));
        assertThat(copy.get("big")).isEqualTo(value.get("big"));
        assertThat(copy.get("duration")).isEqualTo(Duration.ofSeconds(5));
        assertThat((int[]) copy.get("ints")).containsExactly(1, 2);
    }

    @Test
    void classOffTheAllowListIsRefusedWithItsNameAndHowToAllowIt() throws JMSException {
        SluiceObjectMessage message = received(new Order("o-1", List.of()), ObjectMessageAllowList.secureDefault());
        assertThatThrownBy(message::getObject)
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("class " + ORDER + ", which is not on the ObjectMessage allow-list")
                .hasMessageContaining("objectMessageAllowList")
                .hasMessageContaining("'*' allows every class");
        assertThatThrownBy(() -> message.getBody(Serializable.class)).isInstanceOf(MessageFormatException.class);
        assertThat(message.isBodyAssignableTo(Serializable.class)).isFalse();
        MessageFormatException thrown = catchFormatException(message);
        assertThat(thrown.getLinkedException()).isNotNull();
        assertThat(thrown.getCause()).isSameAs(thrown.getLinkedException());
    }

    @Test
    void disallowedClassInsideAnAllowedContainerIsRefused() throws JMSException {
        ArrayList<Object> list = new ArrayList<>();
        list.add("fine");
        list.add(new Order("o-2", List.of()));
        SluiceObjectMessage message = received(list, ObjectMessageAllowList.secureDefault());
        assertThatThrownBy(message::getObject).isInstanceOf(MessageFormatException.class).hasMessageContaining(ORDER);
    }

    @Test
    void arrayOfADisallowedClassIsRefused() throws JMSException {
        SluiceObjectMessage message = received(new Order[] {new Order("o-3", List.of())},
                ObjectMessageAllowList.secureDefault());
        assertThatThrownBy(message::getObject).isInstanceOf(MessageFormatException.class).hasMessageContaining(ORDER);
    }

    @Test
    void allowedApplicationPackageRoundTrips() throws JMSException {
        Order order = new Order("o-4", List.of(new Line("tea", 2)));
        for (String entry : List.of("dev.sluice.jms.internal.message", "dev.sluice", "dev.sluice.jms.internal.message.*",
                ORDER + ", " + Line.class.getName(), " *")) {
            SluiceObjectMessage message = received(order, ObjectMessageAllowList.parse(entry));
            assertThat(message.getObject()).as(entry).isEqualTo(order);
            assertThat(message.getBody(Order.class)).isEqualTo(order);
        }
    }

    @Test
    void allowingOnlyTheOuterClassStillRefusesItsFields() throws JMSException {
        Order order = new Order("o-5", List.of(new Line("tea", 2)));
        SluiceObjectMessage message = received(order, ObjectMessageAllowList.parse(ORDER));
        assertThatThrownBy(message::getObject).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining(Line.class.getName());
    }

    @Test
    void parseAddsToTheSecureDefault() {
        ObjectMessageAllowList list = ObjectMessageAllowList.parse("com.acme.orders, com.acme.Invoice,,com.acme.x.*");
        assertThat(list.entries()).containsExactly("java.lang", "java.util", "java.time", "java.math",
                "com.acme.orders", "com.acme.Invoice", "com.acme.x");
        assertThat(list.allows("com.acme.orders.Order")).isTrue();
        assertThat(list.allows("com.acme.orders.eu.Order")).isTrue();
        assertThat(list.allows("com.acme.Invoice")).isTrue();
        assertThat(list.allows("com.acme.Invoice$Line")).isTrue();
        assertThat(list.allows("com.acme.InvoiceHack")).isFalse();
        assertThat(list.allows("com.acme.ordersevil.X")).isFalse();
        assertThat(list.allows(String.class)).isTrue();
        assertThat(list.allows(long[][].class)).isTrue();
        assertThat(list.allows(Object[].class)).isTrue();
        assertThat(ObjectMessageAllowList.parse(list.toString())).isEqualTo(list);
        assertThat(ObjectMessageAllowList.parse(null)).isSameAs(ObjectMessageAllowList.secureDefault());
        assertThat(ObjectMessageAllowList.parse("  ")).isSameAs(ObjectMessageAllowList.secureDefault());
    }

    @Test
    void starAllowsEveryClass() {
        ObjectMessageAllowList all = ObjectMessageAllowList.parse("com.acme,*");
        assertThat(all.allowsAll()).isTrue();
        assertThat(all.allows("org.evil.Gadget")).isTrue();
        assertThat(ObjectMessageAllowList.secureDefault().allowsAll()).isFalse();
        assertThat(ObjectMessageAllowList.secureDefault().allows("org.apache.commons.collections.Transformer"))
                .isFalse();
    }

    @Test
    void entriesThatAreNotJavaNamesAreRefused() {
        for (String bad : List.of("com.acme.", "com..acme", "1com", "com.acme-x", "com.*.x")) {
            assertThatThrownBy(() -> ObjectMessageAllowList.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void locallyCreatedMessageUsesItsOwnAllowList() throws JMSException {
        SluiceObjectMessage message = new SluiceObjectMessage(ObjectMessageAllowList.parse("dev.sluice"));
        message.setObject(new Order("o-6", List.of()));
        assertThat(message.getObject()).isEqualTo(new Order("o-6", List.of()));
        message.setAllowList(ObjectMessageAllowList.secureDefault());
        assertThatThrownBy(message::getObject).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> message.setAllowList(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unserialisableObjectIsRefusedWhenSet() {
        SluiceObjectMessage message = new SluiceObjectMessage();
        ArrayList<Object> list = new ArrayList<>();
        list.add(new Object());
        assertThatThrownBy(() -> message.setObject(list)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.util.ArrayList").hasMessageContaining("java.lang.Object");
    }

    @Test
    void corruptBodyIsAFormatException() {
        SluiceObjectMessage message = new SluiceObjectMessage();
        message.setReceivedBody(new byte[] {1, 2, 3});
        assertThatThrownBy(message::getObject).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("3 bytes");
    }

    private static MessageFormatException catchFormatException(SluiceObjectMessage message) {
        try {
            message.getObject();
        } catch (MessageFormatException e) {
            return e;
        }
        throw new AssertionError("getObject did not fail");
    }
}
