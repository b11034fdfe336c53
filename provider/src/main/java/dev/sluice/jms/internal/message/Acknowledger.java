package dev.sluice.jms.internal.message;

import jakarta.jms.JMSException;

/**
 * What {@link jakarta.jms.Message#acknowledge()} does for a received message: the consuming session acknowledges
 * every message it has consumed so far in CLIENT_ACKNOWLEDGE mode and ignores the call otherwise (Jakarta
 * Messaging 3.1, {@code Message.acknowledge}). Whether acknowledging after the session closed is an error is up to the
 * implementation. Implementations are called on the thread that holds the message.
 */
public interface Acknowledger {

    /** Acknowledges the session's consumed messages, or does nothing where the session's mode says so. */
    void acknowledge() throws JMSException;
}
