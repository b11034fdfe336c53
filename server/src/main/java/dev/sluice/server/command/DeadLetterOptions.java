package dev.sluice.server.command;

import dev.sluice.db.log.DeadLetterPolicy;
import dev.sluice.db.log.DestinationName;
import dev.sluice.db.log.InvalidDestinationNameException;
import picocli.CommandLine.Option;

/**
 * {@code --max-deliveries} and {@code --dead-letter-queue}: after how many deliveries without acknowledgement a
 * message its consumers keep failing on leaves the destination, and for which queue; {@code --expiry-queue}: where
 * its expired messages go. Picocli mixin; confined to the command's thread.
 */
public final class DeadLetterOptions {

    @Option(names = "--max-deliveries", paramLabel = "N",
            description = "Deliveries without acknowledgement after which a message moves to the dead-letter queue"
                    + " (default " + DeadLetterPolicy.DEFAULT_MAX_DELIVERIES + ").")
    Integer maxDeliveries;

    @Option(names = "--dead-letter-queue", paramLabel = "QUEUE",
            description = "The queue such messages move to (default " + DeadLetterPolicy.DEFAULT_QUEUE + ", created"
                    + " when first needed; 'none' = redeliver until acknowledged).")
    String deadLetterQueue;

    @Option(names = "--expiry-queue", paramLabel = "QUEUE",
            description = "The queue messages that expire before they are consumed move to (created when first"
                    + " needed, moved by the server's maintenance); default 'none': dropped, as JMS says.")
    String expiryQueue;

    boolean given() {
        return maxDeliveries != null || deadLetterQueue != null;
    }

    boolean expiryGiven() {
        return expiryQueue != null;
    }

    /** The expiry queue given (null: none); fails naming the wrong value. */
    String expiryQueue() {
        if (expiryQueue.equalsIgnoreCase(DeadLetterPolicy.NONE)) {
            return null;
        }
        try {
            return DestinationName.validate(expiryQueue);
        } catch (InvalidDestinationNameException e) {
            throw new IllegalArgumentException("Invalid --expiry-queue: " + e.getMessage(), e);
        }
    }

    /** "to queue 'ExpiryQueue'", "dropped". */
    static String describeExpiry(String queue) {
        return queue == null ? "dropped" : "to queue '" + queue + "'";
    }

    /** The policy with the options given applied over {@code current}; fails naming the wrong value. */
    DeadLetterPolicy policy(DeadLetterPolicy current) {
        String queue = deadLetterQueue == null ? current.deadLetterQueue()
                : deadLetterQueue.equalsIgnoreCase(DeadLetterPolicy.NONE) ? DeadLetterPolicy.NONE : deadLetterQueue;
        try {
            return new DeadLetterPolicy(maxDeliveries == null ? current.maxDeliveries() : maxDeliveries, queue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid dead-letter setting: " + e.getMessage(), e);
        }
    }
}
