package dev.sluice.coordination;

/**
 * How a node is created: persistent (stays until deleted) or ephemeral (deleted when the session that created it
 * ends), each optionally sequential (the name gets a zero-padded, per-parent increasing counter appended, as
 * ZooKeeper does: {@code /locks/lock-} becomes {@code /locks/lock-0000000007}). Immutable.
 */
public enum CreateMode {
    PERSISTENT(false, false),
    EPHEMERAL(true, false),
    PERSISTENT_SEQUENTIAL(false, true),
    EPHEMERAL_SEQUENTIAL(true, true);

    private final boolean ephemeral;
    private final boolean sequential;

    CreateMode(boolean ephemeral, boolean sequential) {
        this.ephemeral = ephemeral;
        this.sequential = sequential;
    }

    public boolean isEphemeral() {
        return ephemeral;
    }

    public boolean isSequential() {
        return sequential;
    }
}
