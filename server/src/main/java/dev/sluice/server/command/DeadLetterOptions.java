package dev.sluice.server.command;

import dev.sluice.db.log.DeadLetterPolicy;
import picocli.CommandLine.Option;

/**
 * {@code --max-deliveries} and {@code --dead-letter-queue}: after how many deliveries without acknowledgement a
 * message its consumers keep failing on leaves the destination, and for which queue. Picocli mixin; confined to the
 * command's thread.
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

    boolean given() {
        return maxDeliveries != null || deadLetterQueue != null;
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
