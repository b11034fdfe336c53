package dev.sluice.server;

/**
 * A command could not do what it was asked, for a reason the user can act on; its message is the one line the
 * command prints (no stack trace) and {@link #exitCode()} the process's exit code. Immutable.
 */
public class CommandFailedException extends RuntimeException {

    private final int exitCode;

    public CommandFailedException(String message) {
        this(message, SluiceCommand.EXIT_FAILURE);
    }

    public CommandFailedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = SluiceCommand.EXIT_FAILURE;
    }

    public int exitCode() {
        return exitCode;
    }
}
