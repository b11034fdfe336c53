package dev.sluice.flume;

/** A put to or take from a channel failed; the transaction was rolled back. */
public class ChannelException extends BridgeException {

    private static final long serialVersionUID = 1L;

    public ChannelException(String message) {
        super(message);
    }

    public ChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
