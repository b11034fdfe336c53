package dev.sluice.jms.internal;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * How a message is sent: delivery mode, priority, time to live, delivery delay and the message-id/timestamp
 * hints. Immutable; {@link #validate} rejects values the specification does not allow, naming them.
 */
record SendOptions(int deliveryMode, int priority, long timeToLive, long deliveryDelay, boolean disableMessageId,
                   boolean disableTimestamp) {

    static final SendOptions DEFAULTS = new SendOptions(Message.DEFAULT_DELIVERY_MODE, Message.DEFAULT_PRIORITY,
            Message.DEFAULT_TIME_TO_LIVE, Message.DEFAULT_DELIVERY_DELAY, false, false);

    SendOptions validate() throws JMSException {
        checkDeliveryMode(deliveryMode);
        checkPriority(priority);
        if (timeToLive < 0) {
            throw new JMSException("Time to live " + timeToLive + " ms is negative; use 0 for unlimited");
        }
        if (deliveryDelay < 0) {
            throw new JMSException("Delivery delay " + deliveryDelay + " ms is negative");
        }
        return this;
    }

    static void checkDeliveryMode(int deliveryMode) throws JMSException {
        if (deliveryMode != DeliveryMode.PERSISTENT && deliveryMode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("Delivery mode " + deliveryMode + " is invalid; use DeliveryMode.PERSISTENT ("
                    + DeliveryMode.PERSISTENT + ") or NON_PERSISTENT (" + DeliveryMode.NON_PERSISTENT + ")");
        }
    }

    static void checkPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("Priority " + priority + " is invalid; JMS priorities are 0 to 9");
        }
    }

    SendOptions with(int newDeliveryMode, int newPriority, long newTimeToLive) {
        return new SendOptions(newDeliveryMode, newPriority, newTimeToLive, deliveryDelay, disableMessageId,
                disableTimestamp);
    }

    SendOptions withDeliveryDelay(long newDeliveryDelay) {
        return new SendOptions(deliveryMode, priority, timeToLive, newDeliveryDelay, disableMessageId,
                disableTimestamp);
    }

    SendOptions withDisableMessageId(boolean value) {
        return new SendOptions(deliveryMode, priority, timeToLive, deliveryDelay, value, disableTimestamp);
    }

    SendOptions withDisableTimestamp(boolean value) {
        return new SendOptions(deliveryMode, priority, timeToLive, deliveryDelay, disableMessageId, value);
    }
}
