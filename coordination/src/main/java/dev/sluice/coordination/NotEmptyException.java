package dev.sluice.coordination;

/**
 * A node cannot be deleted because it has children; delete them first. Immutable.
 */
public class NotEmptyException extends NodeException {

    private static final long serialVersionUID = 1L;

    private final int numChildren;

    public NotEmptyException(String path, int numChildren) {
        super(path, "Node '" + path + "' cannot be deleted: it has " + numChildren
                + " child node(s); delete them first");
        this.numChildren = numChildren;
    }

    public int numChildren() {
        return numChildren;
    }
}
