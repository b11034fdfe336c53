package dev.sluice.jms.internal.selector;

/**
 * One token of a selector: its kind, its text as written, the 1-based column of its first character and, for
 * literals, its value (a {@link String} for strings, a {@link NumberLiteral} for numbers). Immutable.
 */
record Token(TokenKind kind, String text, int column, Object value) {

    /** How error messages show this token: {@code '>'}, {@code identifier 'price'}, {@code the end of the selector}. */
    String describe() {
        return switch (kind) {
            case END -> "the end of the selector";
            case IDENTIFIER -> "identifier '" + text + "'";
            case STRING -> "string " + text;
            case EXACT_NUMBER, APPROXIMATE_NUMBER -> "number " + text;
            default -> "'" + text + "'";
        };
    }
}
