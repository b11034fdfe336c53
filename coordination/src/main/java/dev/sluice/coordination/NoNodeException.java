package dev.sluice.coordination;

/**
 * The node an operation needs does not exist: the node itself (get, set, delete) or the parent of a node being
 * created. Immutable.
 */
public class NoNodeException extends NodeException {

    private static final long serialVersionUID = 1L;

    public NoNodeException(String path, String message) {
        super(path, message);
    }

    public NoNodeException(String path) {
        this(path, "Node '" + path + "' does not exist");
    }
}
