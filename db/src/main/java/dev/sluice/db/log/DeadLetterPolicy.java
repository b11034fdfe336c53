package dev.sluice.db.log;

/**
 * What happens to a destination's record that its consumers keep failing on: after {@code maxDeliveries}
 * deliveries without acknowledgement it is moved to the queue {@code deadLetterQueue} (null: {@value #DEFAULT_QUEUE}),
 * or, with {@value #NONE}, redelivered until it is acknowledged.
 */
public record DeadLetterPolicy(int maxDeliveries, String deadLetterQueue) {

    public static final String DEFAULT_QUEUE = "DLQ";
    public static final String NONE = "none";
    public static final int DEFAULT_MAX_DELIVERIES = 10;
    public static final DeadLetterPolicy DEFAULT = new DeadLetterPolicy(DEFAULT_MAX_DELIVERIES, null);
    /** The properties a dead letter gains: where it came from ({@code queue://orders}), how often it was delivered
     *  (a long) and why it was moved. */
    public static final String ORIGINAL_DESTINATION = "SluiceOriginalDestination";
    public static final String DELIVERY_COUNT = "SluiceDeliveryCount";
    public static final String REASON = "SluiceDeadLetterReason";
    /** The error its consumer gave when it released the message the last time, where the consumer gave one (a
     *  listener that threw: {@code java.lang.IllegalStateException: no such order}). */
    public static final String LAST_ERROR = "SluiceLastError";

    public DeadLetterPolicy {
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("The maximum number of deliveries must be at least 1, not "
                    + maxDeliveries);
        }
        if (deadLetterQueue != null && !deadLetterQueue.equals(NONE)) {
            DestinationName.validate(deadLetterQueue);
        }
    }

    /** The queue dead letters go to, or null when they are not moved. */
    public String queue() {
        return NONE.equals(deadLetterQueue) ? null : deadLetterQueue == null ? DEFAULT_QUEUE : deadLetterQueue;
    }

    /** "after 10 deliveries to queue 'DLQ'", "never: redelivered until acknowledged". */
    public String describe() {
        return queue() == null ? "never: redelivered until acknowledged"
                : "after " + maxDeliveries + (maxDeliveries == 1 ? " delivery" : " deliveries") + " to queue '"
                        + queue() + "'";
    }
}
