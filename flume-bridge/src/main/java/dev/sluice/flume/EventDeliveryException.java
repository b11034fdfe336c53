package dev.sluice.flume;

/** A sink could not write a batch to its destination; the batch was rolled back and will be redelivered. */
public class EventDeliveryException extends BridgeException {

    private static final long serialVersionUID = 1L;

    public EventDeliveryException(String message) {
        super(message);
    }

    public EventDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
