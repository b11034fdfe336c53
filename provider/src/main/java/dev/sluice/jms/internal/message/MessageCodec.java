package dev.sluice.jms.internal.message;

import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.jms.SluiceDestination;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Turns Sluice messages into log records and back: on the send and receive paths, so it uses no reflection and
 * builds JSON with Jackson's streaming API.
 *
 * <p>Headers become the record's columns: {@code JMSMessageID, JMSType, JMSPriority, JMSTimestamp, JMSExpiration,
 * JMSDeliveryTime} as they are, {@code JMSDeliveryMode} as {@code persistent}, {@code JMSReplyTo} as its
 * {@link SluiceDestination#toAddress() address} (another provider's queue or topic as Sluice's of the same name),
 * the {@code JMSXGroupID} property also as {@code groupId}. {@code JMSDestination}, {@code JMSRedelivered} and
 * {@code JMSXDeliveryCount} are not stored with the message: the engine sets them on receipt.
 *
 * <p>{@code JMSCorrelationID} is text: a String is stored as it is, bytes as {@code #bytes:} followed by their
 * lowercase hex; a String that itself starts with {@code #bytes:} or {@code #text:} is stored with {@code #text:}
 * put before it, so every value decodes to what was set.
 *
 * <p>Properties are stored as described in {@link PropertiesJson}. Bodies, by {@link BodyType}: text as UTF-8 (a
 * null text as a null body; an unpaired surrogate becomes '?', as UTF-8 cannot hold it), bytes as they are, map and
 * stream in {@link TypedValueFormat}, object in Java serialisation, plain as a null body.
 *
 * <p>PostgreSQL text cannot hold U+0000: a message ID, correlation ID or JMSType containing it cannot be stored.
 *
 * <p>Immutable and thread-safe.
 */
public final class MessageCodec {

    private static final String BYTES_PREFIX = "#bytes:";
    private static final String TEXT_PREFIX = "#text:";
    private static final HexFormat HEX = HexFormat.of();

    private final ObjectMessageAllowList allowList;

    /**
     * @param allowList the classes decoded ObjectMessages may deserialise
     */
    public MessageCodec(ObjectMessageAllowList allowList) {
        if (allowList == null) {
            throw new IllegalArgumentException("A MessageCodec needs an ObjectMessage allow-list; use "
                    + "ObjectMessageAllowList.secureDefault() for the default");
        }
        this.allowList = allowList;
    }

    /** The classes decoded ObjectMessages may deserialise. */
    public ObjectMessageAllowList allowList() {
        return allowList;
    }

    /**
     * The record to append for {@code message}, whose send headers the engine has set. The record does not share
     * mutable state with the message: the application may change the message afterwards.
     *
     * @param producerId identity of the sending connection, for noLocal
     * @throws IllegalArgumentException if {@code JMSReplyTo} is another provider's destination whose name cannot be
     *                                  read
     */
    public MessageRecord encode(SluiceMessage message, String producerId) {
        MessageProperties properties = message.properties();
        PropertiesJson.Encoded encodedProperties = PropertiesJson.encode(properties.values());
        Object groupId = properties.get(PropertyNames.JMSX_GROUP_ID);
        return new MessageRecord(
                message.getJMSMessageID(),
                StorableText.header("JMSCorrelationID", encodeCorrelationId(message)),
                StorableText.header("JMSType", message.getJMSType()),
                replyToAddress(message.getJMSReplyTo()),
                message.getJMSPriority(),
                message.getJMSDeliveryMode() == DeliveryMode.PERSISTENT,
                message.getJMSTimestamp(),
                message.getJMSExpiration(),
                message.getJMSDeliveryTime(),
                groupId instanceof String group ? StorableText.header("JMSXGroupID", group) : null,
                producerId,
                encodedProperties.json(),
                encodedProperties.types(),
                message.bodyTypeCode(),
                encodeBody(message));
    }

    private static byte[] encodeBody(SluiceMessage message) {
        switch (BodyType.fromCode(message.bodyTypeCode())) {
            case TEXT:
                String text = StorableText.body(((SluiceTextMessage) message).getText());
                return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
            case BYTES:
                return ((SluiceBytesMessage) message).bodyBytes();
            case MAP:
                return TypedValueFormat.encodeMap(((SluiceMapMessage) message).entries());
            case STREAM:
                return TypedValueFormat.encodeStream(((SluiceStreamMessage) message).values());
            case OBJECT:
                // never modified in place: setObject and clearBody replace the array
                return ((SluiceObjectMessage) message).serializedBody();
            default:
                return null;
        }
    }

    private static String encodeCorrelationId(SluiceMessage message) {
        byte[] bytes = message.correlationIdBytes();
        if (bytes != null) {
            return BYTES_PREFIX + HEX.formatHex(bytes);
        }
        String text = message.getJMSCorrelationID();
        if (text != null && (text.startsWith(BYTES_PREFIX) || text.startsWith(TEXT_PREFIX))) {
            return TEXT_PREFIX + text;
        }
        return text;
    }

    private static String replyToAddress(Destination replyTo) {
        if (replyTo == null) {
            return null;
        }
        if (replyTo instanceof SluiceDestination) {
            return ((SluiceDestination) replyTo).toAddress();
        }
        try {
            SluiceDestination converted = ForeignMessages.asSluiceDestination(replyTo);
            return converted == null ? null : converted.toAddress();
        } catch (JMSException e) {
            throw new IllegalArgumentException("JMSReplyTo " + replyTo + " is another provider's destination whose "
                    + "name cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The received message a stored record stands for, with read-only body and properties. The engine still sets
     * {@code JMSDestination}, the delivery count and the acknowledger.
     *
     * @throws MessageDecodingException if the record is not in the form {@link #encode} writes
     */
    public SluiceMessage decode(StoredMessage stored) {
        return decode(stored, true);
    }

    /**
     * The headers and properties of a stored record without its body (a plain message), for judging a selector:
     * a selector never looks at the body, so it need not be decoded (or even be decodable).
     *
     * @throws MessageDecodingException if the headers or properties are not in the form {@link #encode} writes
     */
    public SluiceMessage decodeHeaders(StoredMessage stored) {
        return decode(stored, false);
    }

    private SluiceMessage decode(StoredMessage stored, boolean withBody) {
        MessageRecord record = stored.record();
        try {
            SluiceMessage message = withBody ? decodeBody(record) : new SluicePlainMessage();
            message.setJMSMessageID(record.messageId());
            decodeCorrelationId(record.correlationId(), message);
            message.setJMSType(record.jmsType());
            message.setJMSReplyTo(record.replyTo() == null ? null : SluiceDestination.fromAddress(record.replyTo()));
            message.setJMSPriority(record.priority());
            message.setJMSDeliveryMode(record.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            message.setJMSTimestamp(record.sentAt());
            message.setJMSExpiration(record.expiresAt());
            message.setJMSDeliveryTime(record.deliverAt());
            PropertiesJson.decode(record.properties(), record.propertyTypes(), message.properties());
            message.makeReadOnly();
            return message;
        } catch (IllegalArgumentException e) {
            throw new MessageDecodingException(stored, e.getMessage(), e);
        }
    }

    private SluiceMessage decodeBody(MessageRecord record) {
        byte[] body = record.body();
        switch (BodyType.fromCode(record.bodyType())) {
            case TEXT:
                return new SluiceTextMessage(body == null ? null : new String(body, StandardCharsets.UTF_8));
            case BYTES:
                SluiceBytesMessage bytes = new SluiceBytesMessage();
                bytes.setReceivedBody(body);
                return bytes;
            case MAP:
                SluiceMapMessage map = new SluiceMapMessage();
                if (body != null) {
                    map.setReceivedBody(TypedValueFormat.decodeMap(body));
                }
                return map;
            case STREAM:
                SluiceStreamMessage stream = new SluiceStreamMessage();
                if (body != null) {
                    stream.setReceivedBody(TypedValueFormat.decodeStream(body));
                }
                return stream;
            case OBJECT:
                SluiceObjectMessage object = new SluiceObjectMessage(allowList);
                object.setReceivedBody(body);
                return object;
            default:
                return new SluicePlainMessage();
        }
    }

    private static void decodeCorrelationId(String stored, SluiceMessage message) {
        if (stored == null) {
            message.setJMSCorrelationID(null);
        } else if (stored.startsWith(BYTES_PREFIX)) {
            message.setJMSCorrelationIDAsBytes(HEX.parseHex(stored, BYTES_PREFIX.length(), stored.length()));
        } else if (stored.startsWith(TEXT_PREFIX)) {
            message.setJMSCorrelationID(stored.substring(TEXT_PREFIX.length()));
        } else {
            message.setJMSCorrelationID(stored);
        }
    }
}
