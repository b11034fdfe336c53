package dev.sluice.coordination;

/**
 * Root of every failure the coordination service reports; unchecked. Subclasses name the specific condition
 * ({@link NoNodeException}, {@link NodeExistsException}, {@link BadVersionException}, {@link NotEmptyException},
 * {@link SessionExpiredException}, {@link InvalidPathException}, ...). An instance of this class itself means a
 * database failure that none of the subclasses describes. Immutable.
 */
public class CoordinationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CoordinationException(String message) {
        super(message);
    }

    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
