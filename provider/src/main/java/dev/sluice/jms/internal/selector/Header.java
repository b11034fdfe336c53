package dev.sluice.jms.internal.selector;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The message header fields a selector may name (Jakarta Messaging 3.1 section 3.8.1.1), their selector types and
 * how to read them from a {@link SelectorContext}. JMSDeliveryMode reads as the string 'PERSISTENT' or
 * 'NON_PERSISTENT' (section 3.8.1.3). Immutable.
 */
enum Header {
    DELIVERY_MODE("JMSDeliveryMode", ValueType.STRING, false),
    PRIORITY("JMSPriority", ValueType.NUMBER, false),
    MESSAGE_ID("JMSMessageID", ValueType.STRING, true),
    TIMESTAMP("JMSTimestamp", ValueType.NUMBER, false),
    CORRELATION_ID("JMSCorrelationID", ValueType.STRING, true),
    TYPE("JMSType", ValueType.STRING, true);

    /** The header names a selector may use, for error messages. */
    static final String USABLE_NAMES = Arrays.stream(values()).map(Header::selectorName)
            .collect(Collectors.joining(", "));

    private final String selectorName;
    private final ValueType type;
    private final boolean nullable;

    Header(String selectorName, ValueType type, boolean nullable) {
        this.selectorName = selectorName;
        this.type = type;
        this.nullable = nullable;
    }

    /** The header a selector names {@code name} (case-sensitive), or null. */
    static Header named(String name) {
        for (Header header : values()) {
            if (header.selectorName.equals(name)) {
                return header;
            }
        }
        return null;
    }

    String selectorName() {
        return selectorName;
    }

    ValueType type() {
        return type;
    }

    /** True if a message may lack this header, so that it reads as NULL. */
    boolean nullable() {
        return nullable;
    }

    /** The header's value in the selector value domain (String, Long or null). */
    Object read(SelectorContext message) {
        return switch (this) {
            case DELIVERY_MODE -> message.persistent() ? "PERSISTENT" : "NON_PERSISTENT";
            case PRIORITY -> (long) message.jmsPriority();
            case MESSAGE_ID -> message.jmsMessageId();
            case TIMESTAMP -> message.jmsTimestamp();
            case CORRELATION_ID -> message.jmsCorrelationId();
            case TYPE -> message.jmsType();
        };
    }
}
