package dev.sluice.flume;

/** A channel's destination holds its configured capacity or more: the source must back off and retry. */
public class ChannelFullException extends ChannelException {

    private static final long serialVersionUID = 1L;

    public ChannelFullException(String message) {
        super(message);
    }
}
