package dev.sluice.jms.internal;

import dev.sluice.db.log.MessageRecord;

/** A message a transacted session has sent but not committed: written at commit. Immutable. */
record PendingSend(int destinationId, int partition, MessageRecord record) {
}
