package dev.sluice.coordination;

/**
 * A path is not a valid node path. Valid paths start with {@code /}, have no empty segment, no trailing
 * {@code /} (except the root {@code /} itself), no {@code .} or {@code ..} segment, no control character, and at
 * most {@value dev.sluice.coordination.internal.NodePath#MAX_BYTES} bytes in UTF-8. Immutable.
 */
public class InvalidPathException extends NodeException {

    private static final long serialVersionUID = 1L;

    public InvalidPathException(String path, String reason) {
        super(path, "Invalid node path '" + path + "': " + reason);
    }
}
