package dev.sluice.jms.internal.selector;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message for selector tests: headers and properties held as given. A property may be present with a null value
 * (a String property set to null). The correlation ID may be set as bytes, read back as their UTF-8 decoding as
 * Sluice messages do. Immutable once built.
 */
final class TestMessage implements SelectorContext {

    private final String name;
    private final String messageId;
    private final String correlationId;
    private final byte[] correlationIdBytes;
    private final String type;
    private final int priority;
    private final long timestamp;
    private final boolean persistent;
    private final Map<String, Object> properties;

    private TestMessage(Builder builder) {
        this.name = builder.name;
        this.messageId = builder.messageId;
        this.correlationId = builder.correlationId;
        this.correlationIdBytes = builder.correlationIdBytes;
        this.type = builder.type;
        this.priority = builder.priority;
        this.timestamp = builder.timestamp;
        this.persistent = builder.persistent;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.properties));
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    String name() {
        return name;
    }

    /** The properties, a null value standing for a String property set to null. */
    Map<String, Object> properties() {
        return properties;
    }

    /** The correlation ID as set as a String, or null when unset or set as bytes. */
    String correlationIdText() {
        return correlationId;
    }

    /** The correlation ID as bytes, or null when it was set as a String. */
    byte[] correlationIdBytes() {
        return correlationIdBytes == null ? null : correlationIdBytes.clone();
    }

    @Override
    public Object property(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String jmsMessageId() {
        return messageId;
    }

    @Override
    public String jmsCorrelationId() {
        return correlationIdBytes != null ? new String(correlationIdBytes, StandardCharsets.UTF_8) : correlationId;
    }

    @Override
    public String jmsType() {
        return type;
    }

    @Override
    public int jmsPriority() {
        return priority;
    }

    @Override
    public long jmsTimestamp() {
        return timestamp;
    }

    @Override
    public boolean persistent() {
        return persistent;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link TestMessage}; defaults: no IDs, priority 4, timestamp 0, persistent. Not thread-safe. */
    static final class Builder {
        private final String name;
        private String messageId;
        private String correlationId;
        private byte[] correlationIdBytes;
        private String type;
        private int priority = 4;
        private long timestamp;
        private boolean persistent = true;
        private final Map<String, Object> properties = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        Builder messageId(String value) {
            messageId = value;
            return this;
        }

        Builder correlationId(String value) {
            correlationId = value;
            correlationIdBytes = null;
            return this;
        }

        Builder correlationIdBytes(byte[] value) {
            correlationIdBytes = value.clone();
            correlationId = null;
            return this;
        }

        Builder type(String value) {
            type = value;
            return this;
        }

        Builder priority(int value) {
            priority = value;
            return this;
        }

        Builder timestamp(long value) {
            timestamp = value;
            return this;
        }

        Builder persistent(boolean value) {
            persistent = value;
            return this;
        }

        Builder property(String propertyName, Object value) {
            properties.put(propertyName, value);
            return this;
        }

        TestMessage build() {
            return new TestMessage(this);
        }
    }
}
