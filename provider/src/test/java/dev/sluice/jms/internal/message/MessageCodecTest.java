package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.SluiceQueue;
import dev.sluice.jms.SluiceTopic;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.TemporaryQueue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Round trips through the log record form, with every header, property type and body type. */
class MessageCodecTest {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final MessageCodec codec = new MessageCodec(ObjectMessageAllowList.secureDefault());

    /** Every property type, with the values that are hard to store. */
    private static Map<String, Object> awkwardProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("yes", true);
        properties.put("no", false);
        properties.put("byteMin", Byte.MIN_VALUE);
        properties.put("byteMax", Byte.MAX_VALUE);
        properties.put("shortMin", Short.MIN_VALUE);
        properties.put("intMin", Integer.MIN_VALUE);
        properties.put("intMax", Integer.MAX_VALUE);
        properties.put("longMin", Long.MIN_VALUE);
        properties.put("longMax", Long.MAX_VALUE);
        properties.put("smallLong", 5L);
        properties.put("floatNaN", Float.NaN);
        properties.put("floatInf", Float.POSITIVE_INFINITY);
        properties.put("floatNegInf", Float.NEGATIVE_INFINITY);
        properties.put("floatNegZero", -0.0f);
        properties.put("floatTiny", Float.MIN_VALUE);
        properties.put("floatHuge", Float.MAX_VALUE);
        properties.put("floatTenth", 0.1f);
        properties.put("floatWhole", 3.0f);
        properties.put("doubleNaN", Double.NaN);
        properties.put("doubleInf", Double.POSITIVE_INFINITY);
        properties.put("doubleNegInf", Double.NEGATIVE_INFINITY);
        properties.put("doubleNegZero", -0.0d);
        properties.put("doubleTiny", Double.MIN_VALUE);
        properties.put("doubleHuge", Double.MAX_VALUE);
        properties.put("doubleTenth", 0.1d);
        properties.put("doubleBig", 1.5e10);
        properties.put("empty", "");
        properties.put("nothing", null);
        properties.put("unicode", "Grüße \uD83D\uDE00 日本");
        properties.put("jsonSpecial", "quote \" backslash \\ newline \n tab \t");
        properties.put("withNul", "a\u0000b");
        properties.put("loneSurrogate", "x\uD800y");
        properties.put("looksNumeric", "42");
        properties.put("JMSXGroupID", "basket-7");
        properties.put("JMSXGroupSeq", 3);
        properties.put("JMS_Sluice_trace", "t");
        return properties;
    }

    private static void setAll(SluiceMessage message, Map<String, Object> properties) throws JMSException {
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            message.setObjectProperty(property.getKey(), property.getValue());
        }
    }

    private static void setHeaders(SluiceMessage message) {
        message.setJMSMessageID("ID:3f0c-17");
        message.setJMSCorrelationID("request-42");
        message.setJMSType("order.created");
        message.setJMSReplyTo(new SluiceQueue("replies/eu"));
        message.setJMSPriority(8);
        message.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        message.setJMSTimestamp(1_700_000_000_123L);
        message.setJMSExpiration(1_700_000_060_123L);
        message.setJMSDeliveryTime(1_700_000_005_123L);
    }

    private SluiceMessage roundTrip(SluiceMessage message) {
        MessageRecord record = codec.encode(message, "producer-1");
        return codec.decode(new StoredMessage(7, 2, 99, record));
    }

    /** What PostgreSQL's jsonb gives back: members sorted by key length then bytes, numbers in plain notation. */
    private static String asJsonbReturnsIt(String json) throws Exception {
        JsonNode tree = MAPPER.readTree(json);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        names.sort(Comparator.comparingInt((String name) -> name.getBytes(StandardCharsets.UTF_8).length)
                .thenComparing(name -> new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
        StringBuilder out = new StringBuilder("{");
        for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
            String name = it.next();
            JsonNode value = tree.get(name);
            out.append(MAPPER.writeValueAsString(name)).append(": ");
            out.append(value.isNumber() ? value.decimalValue().toPlainString() : MAPPER.writeValueAsString(value));
            if (it.hasNext()) {
                out.append(", ");
            }
        }
        return out.append('}').toString();
    }

    private static void assertSameProperties(SluiceMessage decoded, Map<String, Object> expected)
            throws JMSException {
        assertThat(Collections.list(decoded.getPropertyNames())).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, Object> property : expected.entrySet()) {
            Object value = decoded.getObjectProperty(property.getKey());
            assertThat(value).as(property.getKey()).isEqualTo(property.getValue());
            if (property.getValue() != null) {
                assertThat(value).as(property.getKey()).isExactlyInstanceOf(property.getValue().getClass());
            }
        }
        assertThat(Float.floatToRawIntBits(decoded.getFloatProperty("floatNegZero")))
                .isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(Double.doubleToRawLongBits(decoded.getDoubleProperty("doubleNegZero")))
                .isEqualTo(Double.doubleToRawLongBits(-0.0d));
    }

    @Test
    void headersAndEveryPropertyTypeRoundTrip() throws JMSException {
        SluiceTextMessage message = new SluiceTextMessage("body");
        setHeaders(message);
        Map<String, Object> properties = awkwardProperties();
        setAll(message, properties);

        MessageRecord record = codec.encode(message, "producer-1");
        assertThat(record.messageId()).isEqualTo("ID:3f0c-17");
        assertThat(record.correlationId()).isEqualTo("request-42");
        assertThat(record.jmsType()).isEqualTo("order.created");
        assertThat(record.replyTo()).isEqualTo("queue://replies/eu");
        assertThat(record.priority()).isEqualTo(8);
        assertThat(record.persistent()).isFalse();
        assertThat(record.sentAt()).isEqualTo(1_700_000_000_123L);
        assertThat(record.expiresAt()).isEqualTo(1_700_000_060_123L);
        assertThat(record.deliverAt()).isEqualTo(1_700_000_005_123L);
        assertThat(record.groupId()).isEqualTo("basket-7");
        assertThat(record.producerId()).isEqualTo("producer-1");
        assertThat(record.bodyType()).isEqualTo(1);

        SluiceMessage decoded = codec.decode(new StoredMessage(7, 2, 99, record));
        assertThat(decoded).isInstanceOf(SluiceTextMessage.class);
        assertThat(decoded.getJMSMessageID()).isEqualTo("ID:3f0c-17");
        assertThat(decoded.getJMSCorrelationID()).isEqualTo("request-42");
        assertThat(decoded.getJMSType()).isEqualTo("order.created");
        assertThat(decoded.getJMSReplyTo()).isEqualTo(new SluiceQueue("replies/eu"));
        assertThat(decoded.getJMSPriority()).isEqualTo(8);
        assertThat(decoded.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(decoded.getJMSTimestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(decoded.getJMSExpiration()).isEqualTo(1_700_000_060_123L);
        assertThat(decoded.getJMSDeliveryTime()).isEqualTo(1_700_000_005_123L);
        assertThat(decoded.getJMSRedelivered()).isFalse();
        assertThat(decoded.getJMSDestination()).isNull();
        assertSameProperties(decoded, properties);
    }

    @Test
    void propertiesSurvivePostgresJsonbReorderingAndNumberRewriting() throws Exception {
        SluicePlainMessage message = new SluicePlainMessage();
        Map<String, Object> properties = awkwardProperties();
        setAll(message, properties);
        MessageRecord record = codec.encode(message, null);
        String jsonb = asJsonbReturnsIt(record.properties());
        assertThat(jsonb).isNotEqualTo(record.properties());
        MessageRecord fromDatabase = new MessageRecord(record.messageId(), record.correlationId(), record.jmsType(),
                record.replyTo(), record.priority(), record.persistent(), record.sentAt(), record.expiresAt(),
                record.deliverAt(), record.groupId(), record.producerId(), jsonb, record.propertyTypes(),
                record.bodyType(), record.body());
        SluiceMessage decoded = codec.decode(new StoredMessage(1, 0, 0, fromDatabase));
        assertSameProperties(decoded, properties);
    }

    @Test
    void propertiesJsonIsCleanForSqlAndTypesAreCompact() throws JMSException {
        SluicePlainMessage message = new SluicePlainMessage();
        message.setIntProperty("orderId", 42);
        message.setStringProperty("customer", "ACME");
        message.setBooleanProperty("urgent", true);
        message.setDoubleProperty("price", 9.99);
        message.setStringProperty("note", null);
        MessageRecord record = codec.encode(message, null);
        assertThat(record.properties())
                .isEqualTo("{\"orderId\":42,\"customer\":\"ACME\",\"urgent\":true,\"price\":9.99,\"note\":null}");
        assertThat(record.propertyTypes()).isEqualTo("i:orderId,d:price");
    }

    @Test
    void specialFloatingPointValuesAreJsonStrings() throws JMSException {
        SluicePlainMessage message = new SluicePlainMessage();
        message.setDoubleProperty("nan", Double.NaN);
        message.setFloatProperty("inf", Float.POSITIVE_INFINITY);
        MessageRecord record = codec.encode(message, null);
        assertThat(record.properties()).isEqualTo("{\"nan\":\"NaN\",\"inf\":\"Infinity\"}");
        assertThat(record.propertyTypes()).isEqualTo("d:nan,f:inf");
    }

    @Test
    void messageWithoutPropertiesStoresNulls() {
        MessageRecord record = codec.encode(new SluicePlainMessage(), null);
        assertThat(record.properties()).isNull();
        assertThat(record.propertyTypes()).isNull();
        assertThat(record.body()).isNull();
        assertThat(record.bodyType()).isZero();
        assertThat(record.groupId()).isNull();
        assertThat(record.correlationId()).isNull();
        assertThat(record.replyTo()).isNull();
    }

    @Test
    void propertiesWrittenBySqlWithoutTypesDecodeAsIntLongDoubleStringBoolean() throws JMSException {
        MessageRecord record = new MessageRecord("ID:sql", null, null, null, 4, true, 1L, 0L, 0L, null, null,
                "{\"small\": 7, \"large\": 12345678901, \"real\": 2.50, \"text\": \"t\", \"flag\": false}", null, 0,
                null);
        SluiceMessage decoded = codec.decode(new StoredMessage(1, 0, 5, record));
        assertThat(decoded.getObjectProperty("small")).isEqualTo(7);
        assertThat(decoded.getObjectProperty("large")).isEqualTo(12345678901L);
        assertThat(decoded.getObjectProperty("real")).isEqualTo(2.5d);
        assertThat(decoded.getObjectProperty("text")).isEqualTo("t");
        assertThat(decoded.getObjectProperty("flag")).isEqualTo(false);
    }

    @Test
    void correlationIdsRoundTripAsTextBytesOrPrefixLookalikes() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        assertThat(roundTrip(message).getJMSCorrelationID()).isNull();

        message.setJMSCorrelationID("");
        assertThat(roundTrip(message).getJMSCorrelationID()).isEmpty();

        message.setJMSCorrelationIDAsBytes(new byte[] {0, (byte) 0xFF, 0x10});
        MessageRecord record = codec.encode(message, null);
        assertThat(record.correlationId()).isEqualTo("#bytes:00ff10");
        assertThat(roundTrip(message).getJMSCorrelationIDAsBytes()).containsExactly(0, 0xFF, 0x10);

        for (String lookalike : List.of("#bytes:00ff", "#text:abc", "#text:", "ID:c0ffee", "#other")) {
            message.setJMSCorrelationID(lookalike);
            SluiceMessage decoded = roundTrip(message);
            assertThat(decoded.getJMSCorrelationID()).isEqualTo(lookalike);
            assertThat(decoded.correlationIdBytes()).isNull();
        }
        message.setJMSCorrelationID("#bytes:00ff");
        assertThat(codec.encode(message, null).correlationId()).isEqualTo("#text:#bytes:00ff");
    }

    @Test
    void replyToOfEveryKindRoundTrips() {
        SluiceMessage message = new SluicePlainMessage();
        for (SluiceDestination destination : List.of(new SluiceQueue("q"), new SluiceTopic("t/1"),
                new SluiceTemporaryQueue("tq-1", null), new SluiceTemporaryTopic("tt-1", null))) {
            message.setJMSReplyTo(destination);
            SluiceMessage decoded = roundTrip(message);
            assertThat(decoded.getJMSReplyTo()).isEqualTo(destination);
            assertThat(decoded.getJMSReplyTo().getClass()).isEqualTo(destination.getClass());
        }
    }

    @Test
    void temporaryReplyToDecodedFromTheLogCannotBeDeleted() {
        SluiceMessage message = new SluicePlainMessage();
        message.setJMSReplyTo(new SluiceTemporaryQueue("tq-9", destination -> { }));
        TemporaryQueue replyTo = (TemporaryQueue) roundTrip(message).getJMSReplyTo();
        assertThatThrownBy(replyTo::delete).isInstanceOf(jakarta.jms.IllegalStateException.class)
                .hasMessageContaining("only the connection that created it");
    }

    @Test
    void textBodiesRoundTripAsUtf8() throws JMSException {
        for (String text : List.of("", "plain", "Grüße \uD83D\uDE00 日本 \u0000 end", "x".repeat(100_000))) {
            SluiceTextMessage message = new SluiceTextMessage(text);
            MessageRecord record = codec.encode(message, null);
            assertThat(record.body()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            assertThat(((SluiceTextMessage) roundTrip(message)).getText()).isEqualTo(text);
        }
        SluiceTextMessage empty = new SluiceTextMessage();
        assertThat(codec.encode(empty, null).body()).isNull();
        assertThat(((SluiceTextMessage) roundTrip(empty)).getText()).isNull();
    }

    @Test
    void bytesBodyRoundTripsInEitherMode() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        message.writeInt(7);
        message.writeUTF("é");
        MessageRecord written = codec.encode(message, null);
        message.reset();
        MessageRecord reset = codec.encode(message, null);
        assertThat(written.body()).isEqualTo(reset.body()).hasSize(4 + 2 + 2);
        SluiceBytesMessage decoded = (SluiceBytesMessage) roundTrip(message);
        assertThat(decoded.getBodyLength()).isEqualTo(8);
        assertThat(decoded.readInt()).isEqualTo(7);
        assertThat(decoded.readUTF()).isEqualTo("é");
        assertThatThrownBy(() -> decoded.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);

        SluiceBytesMessage emptyBody = (SluiceBytesMessage) roundTrip(new SluiceBytesMessage());
        assertThat(emptyBody.getBodyLength()).isZero();
    }

    @Test
    void mapBodyRoundTripsEveryType() throws JMSException {
        SluiceMapMessage message = new SluiceMapMessage();
        message.setBoolean("boolean", true);
        message.setByte("byte", (byte) -1);
        message.setShort("short", Short.MAX_VALUE);
        message.setChar("char", '\uD800');
        message.setInt("int", -7);
        message.setLong("long", Long.MIN_VALUE);
        message.setFloat("float", Float.NaN);
        message.setDouble("double", -0.0d);
        message.setString("string", "Grüße \u0000 \uDC00");
        message.setString("null", null);
        message.setString(" ", "named by a space");
        message.setBytes("bytes", new byte[] {1, 2, 3});
        message.setBytes("noBytes", new byte[0]);
        message.setString("naïve name, with: punctuation", "");
        SluiceMapMessage decoded = (SluiceMapMessage) roundTrip(message);
        assertThat(Collections.list(decoded.getMapNames())).containsExactlyElementsOf(
                Collections.list(message.getMapNames()));
        for (String name : Collections.list(message.getMapNames())) {
            assertThat(decoded.getObject(name)).as(name).isEqualTo(message.getObject(name));
        }
        assertThat(Double.doubleToRawLongBits(decoded.getDouble("double")))
                .isEqualTo(Double.doubleToRawLongBits(-0.0d));
        assertThatThrownBy(() -> decoded.setInt("late", 1)).isInstanceOf(MessageNotWriteableException.class);
        assertThat(((SluiceMapMessage) roundTrip(new SluiceMapMessage())).getMapNames().hasMoreElements()).isFalse();
    }

    @Test
    void streamBodyRoundTripsEveryType() throws JMSException {
        SluiceStreamMessage message = new SluiceStreamMessage();
        Object[] values = {true, (byte) 1, (short) -2, 'z', 3, 4L, 5.5f, Double.NEGATIVE_INFINITY, "six \uD83D\uDE00",
                null, new byte[] {7}, new byte[0], ""};
        for (Object value : values) {
            message.writeObject(value);
        }
        SluiceStreamMessage decoded = (SluiceStreamMessage) roundTrip(message);
        for (Object value : values) {
            assertThat(decoded.readObject()).isEqualTo(value);
        }
        assertThatThrownBy(() -> decoded.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    void objectBodyRoundTripsWithTheCodecsAllowList() throws JMSException {
        SluiceObjectMessage message = new SluiceObjectMessage();
        ArrayList<Object> value = new ArrayList<>(List.of("a", 1, java.time.Instant.ofEpochSecond(5)));
        message.setObject(value);
        SluiceObjectMessage decoded = (SluiceObjectMessage) roundTrip(message);
        assertThat(decoded.getObject()).isEqualTo(value);
        assertThat(decoded.allowList()).isEqualTo(codec.allowList());
        assertThat(((SluiceObjectMessage) roundTrip(new SluiceObjectMessage())).getObject()).isNull();
    }

    @Test
    void plainMessageRoundTrips() throws JMSException {
        SluicePlainMessage message = new SluicePlainMessage();
        setHeaders(message);
        message.setLongProperty("n", 1L);
        SluiceMessage decoded = roundTrip(message);
        assertThat(decoded).isExactlyInstanceOf(SluicePlainMessage.class);
        assertThat(decoded.getLongProperty("n")).isEqualTo(1L);
        assertThat(decoded.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
    }

    @Test
    void decodedMessagesAreReadOnlyAndTheEngineCompletesThem() throws JMSException {
        SluiceTextMessage message = new SluiceTextMessage("t");
        message.setStringProperty("p", "v");
        SluiceMessage decoded = roundTrip(message);
        assertThatThrownBy(() -> decoded.setStringProperty("q", "w")).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> ((SluiceTextMessage) decoded).setText("u"))
                .isInstanceOf(MessageNotWriteableException.class);
        decoded.setJMSDestination(new SluiceQueue("orders"));
        decoded.setDeliveryCount(2);
        assertThat(decoded.getJMSRedelivered()).isTrue();
        assertThat(decoded.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
    }

    @Test
    void deliveryCountIsNotStoredWithTheMessage() throws JMSException {
        SluiceMessage received = roundTrip(new SluicePlainMessage());
        received.setDeliveryCount(4);
        MessageRecord forwarded = codec.encode(received, null);
        assertThat(forwarded.properties()).isNull();
    }

    @Test
    void encodedRecordIsIndependentOfLaterChanges() throws JMSException {
        SluiceMapMessage message = new SluiceMapMessage();
        byte[] value = {1};
        message.setBytes("b", value);
        message.setIntProperty("n", 1);
        MessageRecord record = codec.encode(message, null);
        message.setBytes("b", new byte[] {2});
        message.setIntProperty("n", 2);
        SluiceMapMessage decoded = (SluiceMapMessage) codec.decode(new StoredMessage(1, 0, 0, record));
        assertThat(decoded.getBytes("b")).containsExactly(1);
        assertThat(decoded.getIntProperty("n")).isEqualTo(1);
    }

    @Test
    void undecodableRecordsNameTheirPositionAndTheProblem() {
        MessageRecord unknownType = record(9, null, null, null);
        assertThatThrownBy(() -> codec.decode(new StoredMessage(3, 1, 77, unknownType)))
                .isInstanceOf(MessageDecodingException.class)
                .hasMessageContaining("offset 77 of destination 3 partition 1")
                .hasMessageContaining("body type code 9");
        assertThatThrownBy(() -> codec.decode(new StoredMessage(3, 1, 78, record(3, new byte[] {1, 0, 0, 0, 5}, null,
                null)))).isInstanceOf(MessageDecodingException.class).hasMessageContaining("5 items");
        assertThatThrownBy(() -> codec.decode(new StoredMessage(3, 1, 79, record(0, null, "{not json", null))))
                .isInstanceOf(MessageDecodingException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> codec.decode(new StoredMessage(3, 1, 80, record(0, null, "{\"n\": 300}", "b:n"))))
                .isInstanceOf(MessageDecodingException.class).hasMessageContaining("Property 'n' holds 300");
        MessageRecord badReplyTo = new MessageRecord("ID:x", null, null, "mailbox://x", 4, true, 0, 0, 0, null, null,
                null, null, 0, null);
        assertThatThrownBy(() -> codec.decode(new StoredMessage(3, 1, 81, badReplyTo)))
                .isInstanceOf(MessageDecodingException.class).hasMessageContaining("mailbox://x");
    }

    private static MessageRecord record(int bodyType, byte[] body, String properties, String types) {
        return new MessageRecord("ID:x", null, null, null, 4, true, 0, 0, 0, null, null, properties, types, bodyType,
                body);
    }

    @Test
    void codecNeedsAnAllowList() {
        assertThatThrownBy(() -> new MessageCodec(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
