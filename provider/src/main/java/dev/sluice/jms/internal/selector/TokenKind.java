package dev.sluice.jms.internal.selector;

/** The kinds of token the {@link SelectorLexer} produces. Immutable. */
enum TokenKind {
    IDENTIFIER,
    STRING,
    EXACT_NUMBER,
    APPROXIMATE_NUMBER,
    // keywords (case-insensitive in selectors)
    NOT,
    AND,
    OR,
    BETWEEN,
    LIKE,
    IN,
    IS,
    ESCAPE,
    NULL,
    TRUE,
    FALSE,
    // operators and punctuation
    EQUALS,
    NOT_EQUALS,
    LESS,
    LESS_OR_EQUAL,
    GREATER,
    GREATER_OR_EQUAL,
    PLUS,
    MINUS,
    TIMES,
    DIVIDE,
    LEFT_PAREN,
    RIGHT_PAREN,
    COMMA,
    END;

    /** The keyword spelled {@code word} in any ASCII letter case, or null if it is not a keyword. */
    static TokenKind keyword(String word) {
        if (word.length() > 7 || !word.chars().allMatch(c -> c < 128)) {
            return null; // non-ASCII letters never fold into a keyword (e.g. dotless i in "ın")
        }
        return switch (word.toUpperCase(java.util.Locale.ROOT)) {
            case "NOT" -> NOT;
            case "AND" -> AND;
            case "OR" -> OR;
            case "BETWEEN" -> BETWEEN;
            case "LIKE" -> LIKE;
            case "IN" -> IN;
            case "IS" -> IS;
            case "ESCAPE" -> ESCAPE;
            case "NULL" -> NULL;
            case "TRUE" -> TRUE;
            case "FALSE" -> FALSE;
            default -> null;
        };
    }
}
