package dev.sluice.jms.internal;

import dev.sluice.db.log.Subscription;

/** A record a session has handed to the application and not yet acknowledged. Immutable. */
record InFlight(Subscription subscription, int partition, long offset) {
}
