package dev.sluice.flume;

/** The root of the Flume bridge's unchecked exceptions. */
public class BridgeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BridgeException(String message) {
        super(message);
    }

    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
