package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.StoredMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ObjectMessage deserialisation within the graph limits; each refusal names the limit and its setting. */
class ObjectGraphLimitsTest {

    private static SluiceObjectMessage received(Serializable object, ObjectMessageAllowList allowList)
            throws JMSException {
        SluiceObjectMessage message = new SluiceObjectMessage();
        message.setObject(object);
        MessageCodec codec = new MessageCodec(allowList);
        MessageRecord record = codec.encode(message, "p");
        return (SluiceObjectMessage) codec.decode(new StoredMessage(1, 0, 0, record));
    }

    private static ObjectMessageAllowList limitedTo(ObjectGraphLimits limits) {
        return ObjectMessageAllowList.secureDefault().withLimits(limits);
    }

    @Test
    void nestedHashSetsAreRefusedAtOnceByTheDepthLimit() throws JMSException {
        SluiceObjectMessage message = received(NestedSets.ofDepth(31), ObjectMessageAllowList.secureDefault());
        received(NestedSets.ofDepth(3), ObjectMessageAllowList.secureDefault()).getObject(); // loads the classes
        long started = System.nanoTime();
        MessageFormatException refused = refusal(message);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(refused).hasMessageContaining("deeper than 20 levels").hasMessageContaining("objectMessageMaxDepth");
        assertThat(elapsedMs).isLessThan(100);
        assertThat(message.isBodyAssignableTo(Serializable.class)).isFalse();
    }

    @Test
    void aTypicalApplicationGraphPassesTheDefaults() throws JMSException {
        Map<String, Object> order = typicalOrder();
        assertThat(received((Serializable) order, ObjectMessageAllowList.secureDefault()).getObject())
                .usingRecursiveComparison().isEqualTo(order);
    }

    @Test
    void eachLimitRefusesWhatExceedsItAndNamesItsSetting() throws JMSException {
        ArrayList<Integer> hundredNumbers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundredNumbers.add(1000 + i);
        }
        assertThatThrownBy(() -> received(hundredNumbers, limitedTo(new ObjectGraphLimits(20, 50, 1000, 1 << 20)))
                .getObject()).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("more than 50 objects").hasMessageContaining("objectMessageMaxReferences");
        assertThatThrownBy(() -> received(new long[2000], limitedTo(new ObjectGraphLimits(20, 50, 1000, 1 << 20)))
                .getObject()).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("array of 2000 elements, more than 1000")
                .hasMessageContaining("objectMessageMaxArrayLength");
        assertThatThrownBy(() -> received(new byte[2000], limitedTo(new ObjectGraphLimits(20, 50, 5000, 1000)))
                .getObject()).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("2027 bytes long, more than 1000").hasMessageContaining("objectMessageMaxBytes");
        assertThat(received(hundredNumbers, limitedTo(new ObjectGraphLimits(3, 200, 100, 2000))).getObject())
                .isEqualTo(hundredNumbers);
    }

    @Test
    void limitsBelowTheirMinimumAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new ObjectGraphLimits(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("objectMessageMaxDepth=0");
        assertThatThrownBy(() -> new ObjectGraphLimits(1, 1, -1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("objectMessageMaxArrayLength=-1");
        assertThatThrownBy(() -> ObjectMessageAllowList.secureDefault().withLimits(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The MessageFormatException getObject() throws. */
    static MessageFormatException refusal(SluiceObjectMessage message) {
        try {
            message.getObject();
        } catch (MessageFormatException e) {
            return e;
        }
        throw new AssertionError("getObject() did not fail");
    }

    /** An order as a JSON-like graph of JDK types: customer, address, lines with products in a category tree. */
    static Map<String, Object> typicalOrder() {
        Map<String, Object> category = new LinkedHashMap<>(Map.of("name", "tea"));
        category.put("parent", new LinkedHashMap<>(Map.of("name", "drinks", "parent", Map.of("name", "food"))));
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, Object> product = new TreeMap<>(Map.of("sku", "T-" + i, "category", category,
                    "tags", new ArrayList<>(List.of("organic", "loose"))));
            lines.add(new LinkedHashMap<>(Map.of("product", product, "quantity", i + 1,
                    "price", new BigDecimal("3.50").multiply(BigDecimal.valueOf(i + 1)))));
        }
        Map<String, Object> address = new LinkedHashMap<>(Map.of("street", "1 Quay", "city", "Leith",
                "lines", new String[] {"Unit 4", "Dock 2"}));
        Map<String, Object> customer = new LinkedHashMap<>(Map.of("id", UUID.randomUUID(), "name", "Ada",
                "address", address));
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", UUID.randomUUID());
        order.put("placed", LocalDate.of(2026, 12, 2));
        order.put("customer", customer);
        order.put("lines", lines);
        order.put("checksum", new byte[] {1, 2, 3});
        return order;
    }
}
