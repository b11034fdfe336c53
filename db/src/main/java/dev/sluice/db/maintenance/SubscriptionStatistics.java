package dev.sluice.db.maintenance;

import dev.sluice.db.log.DestinationKind;

/**
 * One subscription with its figures, a row of the view {@code sluice.subscription_lag}. Immutable.
 *
 * @param name                  the stored name; {@code (queue)} for a queue's one subscription
 * @param nonDurable            lives only as long as its consumer's connection
 * @param lag                   messages it has not finished: not delivered yet, in flight, or waiting for redelivery
 * @param inFlight              messages held by a consumer now
 * @param consumed              messages it finished since it was created
 * @param oldestUnconsumedAgeMs age of the oldest message it has not finished, null when none
 */
public record SubscriptionStatistics(int destinationId, String destination, DestinationKind kind, String name,
                                     boolean durable, boolean shared, boolean nonDurable, String clientId,
                                     String selector, long lag, long inFlight, long consumed,
                                     Long oldestUnconsumedAgeMs) {
}
