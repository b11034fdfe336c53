package dev.sluice.db.maintenance;

import dev.sluice.db.log.DestinationKind;
import java.time.Instant;

/**
 * One message with the columns of the documented view {@code sluice.messages}, read by {@link LogBrowser}. The text fields
 * are whatever senders wrote: untrusted. Immutable.
 *
 * @param sentAt         JMSTimestamp
 * @param expiresAt      JMSExpiration, null when it never expires
 * @param deliverAt      JMSDeliveryTime, null when not delayed
 * @param properties     the JMS properties as a JSON object's text, null when it has none
 * @param bodyType       {@code plain}, {@code text}, {@code bytes}, {@code map}, {@code stream} or {@code object}
 * @param bodyText       the body of a text message, null for other kinds
 * @param deliveryState  per subscription, as a JSON object's text: {@code {"(queue)": "pending"}}
 * @param deliveryCount  how often it was handed to a consumer while unfinished, null when no delivery is kept
 */
public record BrowsedMessage(String destination, DestinationKind kind, int partition, long offset, String messageId,
                             String correlationId, String jmsType, String replyTo, int priority, boolean persistent,
                             Instant sentAt, Instant expiresAt, Instant deliverAt, String groupId, String properties,
                             String bodyType, long bodySize, String bodyText, String deliveryState,
                             Integer deliveryCount) {
}
