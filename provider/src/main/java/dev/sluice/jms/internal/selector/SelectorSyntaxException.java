package dev.sluice.jms.internal.selector;

import jakarta.jms.InvalidSelectorException;

/**
 * A selector that is not valid: bad syntax, or a type error the parser can see without a message (arithmetic on a
 * string literal, a number used as a condition, LIKE on a number). The message names the selector, the 1-based
 * column where the problem starts and what is wrong, e.g.
 * {@code Invalid selector 'price >> 5' at column 8: expected an expression after '>'}.
 *
 * <p>Jakarta Messaging 3.1 section 3.8.1.1 requires a provider to reject a syntactically incorrect selector with
 * {@link InvalidSelectorException} when it is presented; this subclass adds the position for callers and tests.
 * Immutable once thrown.
 */
public final class SelectorSyntaxException extends InvalidSelectorException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED_LENGTH = 200;

    private final String selector;
    private final int column;
    private final String problem;

    SelectorSyntaxException(String selector, int column, String problem) {
        super("Invalid selector '" + abbreviate(selector) + "' at column " + column + ": " + problem);
        this.selector = selector;
        this.column = column;
        this.problem = problem;
    }

    private static String abbreviate(String selector) {
        return selector.length() <= MAX_QUOTED_LENGTH ? selector : selector.substring(0, MAX_QUOTED_LENGTH) + "...";
    }

    /** The selector text as given. */
    public String selector() {
        return selector;
    }

    /** The 1-based column (UTF-16 char index + 1) where the problem starts; length + 1 when the text ended early. */
    public int column() {
        return column;
    }

    /** What is wrong, without the selector and column: {@code expected an expression after '>'}. */
    public String problem() {
        return problem;
    }
}
