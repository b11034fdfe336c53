package dev.sluice.jms.internal.selector;

import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.jms.internal.message.MessageCodec;
import dev.sluice.jms.internal.message.ObjectMessageAllowList;
import dev.sluice.jms.internal.message.SluiceMessage;
import dev.sluice.jms.internal.message.SluicePlainMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes test messages into {@code sluice.message} the way the provider does, through the real
 * {@link MessageCodec}, and reads rows back as decoded messages: so the selector tests compare SQL with in-memory
 * evaluation over exactly what production stores. Not thread-safe.
 */
final class MessageRows {

    private static final String COLUMNS = "destination_id, partition, log_offset, message_id, correlation_id, jms_type,"
            + " reply_to, priority, persistent, sent_at, expires_at, deliver_at, group_id, producer_id, properties,"
            + " property_types, body_type, body";

    private final MessageCodec codec = new MessageCodec(ObjectMessageAllowList.secureDefault());
    private final Connection connection;

    MessageRows(Connection connection) {
        this.connection = connection;
    }

    /** Encodes {@code message} with the codec and inserts it at {@code offset} of partition 0. */
    void insert(int destinationId, long offset, TestMessage message) throws SQLException {
        insert(destinationId, offset, codec.encode(toSluiceMessage(message), "producer-1"));
    }

    /** Inserts a record as given: for rows written by other means than the provider. */
    void insert(int destinationId, long offset, MessageRecord record) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into sluice.message (" + COLUMNS
                + ") values (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
            insert.setInt(1, destinationId);
            insert.setLong(2, offset);
            insert.setString(3, record.messageId());
            insert.setString(4, record.correlationId());
            insert.setString(5, record.jmsType());
            insert.setString(6, record.replyTo());
            insert.setInt(7, record.priority());
            insert.setBoolean(8, record.persistent());
            insert.setLong(9, record.sentAt());
            insert.setLong(10, record.expiresAt());
            insert.setLong(11, record.deliverAt());
            insert.setString(12, record.groupId());
            insert.setString(13, record.producerId());
            insert.setString(14, record.properties());
            insert.setString(15, record.propertyTypes());
            insert.setInt(16, record.bodyType());
            if (record.body() == null) {
                insert.setNull(17, Types.BINARY);
            } else {
                insert.setBytes(17, record.body());
            }
            insert.executeUpdate();
        }
    }

    /** The messages of a destination decoded by the codec, by offset. */
    Map<Long, SelectorContext> read(int destinationId) throws SQLException {
        Map<Long, SelectorContext> messages = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select " + COLUMNS.replace("properties,",
                "properties::text,") + " from sluice.message where destination_id = ? order by log_offset")) {
            select.setInt(1, destinationId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    MessageRecord record = new MessageRecord(rows.getString(4), rows.getString(5), rows.getString(6),
                            rows.getString(7), rows.getInt(8), rows.getBoolean(9), rows.getLong(10),
                            rows.getLong(11), rows.getLong(12), rows.getString(13), rows.getString(14),
                            rows.getString(15), rows.getString(16), rows.getInt(17), rows.getBytes(18));
                    StoredMessage stored = new StoredMessage(rows.getInt(1), rows.getInt(2), rows.getLong(3), record);
                    messages.put(rows.getLong(3), new JmsMessageContext(codec.decode(stored)));
                }
            }
        }
        return messages;
    }

    private static SluiceMessage toSluiceMessage(TestMessage source) {
        SluicePlainMessage message = new SluicePlainMessage();
        try {
            message.setJMSMessageID(source.jmsMessageId());
            if (source.correlationIdBytes() != null) {
                message.setJMSCorrelationIDAsBytes(source.correlationIdBytes());
            } else {
                message.setJMSCorrelationID(source.correlationIdText());
            }
            message.setJMSType(source.jmsType());
            message.setJMSPriority(source.jmsPriority());
            message.setJMSTimestamp(source.jmsTimestamp());
            message.setJMSDeliveryMode(source.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            for (Map.Entry<String, Object> property : source.properties().entrySet()) {
                message.setObjectProperty(property.getKey(), property.getValue());
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Test message " + source + " cannot become a Sluice message", e);
        }
        return message;
    }
}
