package dev.sluice.coordination;

/**
 * A compare-and-set (set data, delete, check) expected a version the node no longer has: someone else changed it
 * first. Re-read the node and retry. Immutable.
 */
public class BadVersionException extends NodeException {

    private static final long serialVersionUID = 1L;

    private final int expectedVersion;
    private final int actualVersion;

    public BadVersionException(String path, int expectedVersion, int actualVersion) {
        super(path, "Node '" + path + "' is at version " + actualVersion + ", not the expected version "
                + expectedVersion + ": it was changed concurrently; re-read it and retry");
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public int expectedVersion() {
        return expectedVersion;
    }

    /** The version the node had when the operation failed. */
    public int actualVersion() {
        return actualVersion;
    }
}
