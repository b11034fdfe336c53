package dev.sluice.coordination;

/**
 * A node cannot be created under an ephemeral node: ephemeral nodes have no children (as in ZooKeeper), so that
 * an expiring session can delete them without touching other sessions' nodes. Immutable.
 */
public class NoChildrenForEphemeralsException extends NodeException {

    private static final long serialVersionUID = 1L;

    public NoChildrenForEphemeralsException(String path, String parent) {
        super(path, "Cannot create '" + path + "': its parent '" + parent
                + "' is ephemeral and ephemeral nodes cannot have children");
    }
}
