package dev.sluice.flume;

/** An agent configuration is wrong; the message names the key and what was expected. */
public class ConfigurationException extends BridgeException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
