package dev.sluice.coordination;

/**
 * A node cannot be created because a node with the same path exists. Immutable.
 */
public class NodeExistsException extends NodeException {

    private static final long serialVersionUID = 1L;

    public NodeExistsException(String path) {
        super(path, "Node '" + path + "' already exists");
    }
}
