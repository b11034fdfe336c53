package dev.sluice.db;

/** Root of the storage layer's unchecked exceptions; specific failures subclass it and carry their fields. */
public class SluiceDatabaseException extends RuntimeException {

    public SluiceDatabaseException(String message) {
        super(message);
    }

    public SluiceDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
