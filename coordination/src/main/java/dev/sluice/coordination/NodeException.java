package dev.sluice.coordination;

/**
 * A failure concerning one node, whose path it carries. Immutable.
 */
public abstract class NodeException extends CoordinationException {

    private static final long serialVersionUID = 1L;

    private final String path;

    protected NodeException(String path, String message) {
        super(message);
        this.path = path;
    }

    /** The path of the node the operation concerned. */
    public String path() {
        return path;
    }
}
