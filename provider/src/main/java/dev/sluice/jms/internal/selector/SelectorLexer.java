package dev.sluice.jms.internal.selector;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Splits a selector into {@link Token}s, following Jakarta Messaging 3.1 section 3.8.1.1:
 * <ul>
 *   <li>whitespace is Java's: space, horizontal tab, form feed and line terminators;</li>
 *   <li>string literals are enclosed in single quotes, a quote inside written twice ({@code 'it''s'});</li>
 *   <li>exact numeric literals use the Java integer literal syntax: decimal, octal ({@code 017}), hexadecimal
 *       ({@code 0x1F}), binary ({@code 0b101}), underscores between digits, an optional {@code L} suffix;</li>
 *   <li>approximate numeric literals use the Java floating-point literal syntax: {@code 7.}, {@code .5},
 *       {@code 95.7}, {@code 7E3}, {@code 1.5e-3}, {@code 2f}, {@code 2d}, hexadecimal {@code 0x1.8p1}; a
 *       {@code f}/{@code F} suffix gives a float, widened to double as Java does;</li>
 *   <li>identifiers start with a Java identifier start character and continue with Java identifier part
 *       characters; the keywords are recognised in any ASCII letter case.</li>
 * </ul>
 * Signs are not part of a number token: the parser applies unary minus and plus. Errors name the column of the
 * offending character. Not thread-safe: one instance lexes one selector, through {@link #tokenize(String)}.
 */
final class SelectorLexer {

    private static final IntPredicate DECIMAL = c -> c >= '0' && c <= '9';
    private static final IntPredicate HEXADECIMAL =
            c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    private static final IntPredicate BINARY = c -> c == '0' || c == '1';

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int position;

    private SelectorLexer(String text) {
        this.text = text;
    }

    /** The tokens of {@code text}, always ending with an {@link TokenKind#END} token. */
    static List<Token> tokenize(String text) throws SelectorSyntaxException {
        SelectorLexer lexer = new SelectorLexer(text);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    private void run() throws SelectorSyntaxException {
        while (true) {
            skipWhitespace();
            if (position >= text.length()) {
                tokens.add(new Token(TokenKind.END, "", text.length() + 1, null));
                return;
            }
            int c = text.codePointAt(position);
            if (c == '\'') {
                readString();
            } else if (DECIMAL.test(c) || (c == '.' && position + 1 < text.length()
                    && DECIMAL.test(text.charAt(position + 1)))) {
                readNumber();
            } else if (Character.isJavaIdentifierStart(c)) {
                readIdentifier();
            } else {
                readOperator(c);
            }
        }
    }

    private void skipWhitespace() {
        while (position < text.length() && isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    /** Java's whitespace, which selectors use: space, horizontal tab, form feed, line feed, carriage return. */
    static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r';
    }

    private void readString() throws SelectorSyntaxException {
        int start = position;
        StringBuilder value = new StringBuilder();
        position++;
        while (true) {
            if (position >= text.length()) {
                throw error(start, "the string literal is not closed with a single quote"
                        + " (a quote inside a string is written twice: 'it''s')");
            }
            char c = text.charAt(position);
            if (c == '\'') {
                if (position + 1 < text.length() && text.charAt(position + 1) == '\'') {
                    value.append('\'');
                    position += 2;
                    continue;
                }
                position++;
                tokens.add(new Token(TokenKind.STRING, text.substring(start, position), start + 1, value.toString()));
                return;
            }
            value.append(c);
            position++;
        }
    }

    private void readIdentifier() {
        int start = position;
        position += Character.charCount(text.codePointAt(position));
        while (position < text.length() && Character.isJavaIdentifierPart(text.codePointAt(position))) {
            position += Character.charCount(text.codePointAt(position));
        }
        String word = text.substring(start, position);
        TokenKind keyword = TokenKind.keyword(word);
        tokens.add(new Token(keyword != null ? keyword : TokenKind.IDENTIFIER, word, start + 1, null));
    }

    private void readOperator(int c) throws SelectorSyntaxException {
        int start = position;
        char next = position + 1 < text.length() ? text.charAt(position + 1) : '\0';
        TokenKind kind;
        int length = 1;
        switch (c) {
            case '=' -> kind = TokenKind.EQUALS;
            case '<' -> {
                if (next == '>') {
                    kind = TokenKind.NOT_EQUALS;
                    length = 2;
                } else if (next == '=') {
                    kind = TokenKind.LESS_OR_EQUAL;
                    length = 2;
                } else {
                    kind = TokenKind.LESS;
                }
            }
            case '>' -> {
                if (next == '=') {
                    kind = TokenKind.GREATER_OR_EQUAL;
                    length = 2;
                } else {
                    kind = TokenKind.GREATER;
                }
            }
            case '+' -> kind = TokenKind.PLUS;
            case '-' -> kind = TokenKind.MINUS;
            case '*' -> kind = TokenKind.TIMES;
            case '/' -> kind = TokenKind.DIVIDE;
            case '(' -> kind = TokenKind.LEFT_PAREN;
            case ')' -> kind = TokenKind.RIGHT_PAREN;
            case ',' -> kind = TokenKind.COMMA;
            case '!' -> throw error(start, next == '='
                    ? "'!=' is not a selector operator; write '<>' for not equal"
                    : "unexpected character '!'; write NOT for negation");
            case '"' -> throw error(start, "unexpected character '\"'; string literals are enclosed in single quotes");
            default -> throw error(start, "unexpected character " + describe(c));
        }
        position += length;
        tokens.add(new Token(kind, text.substring(start, position), start + 1, null));
    }

    private static String describe(int c) {
        String code = String.format("U+%04X", c);
        return Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                ? code
                : "'" + new String(Character.toChars(c)) + "' (" + code + ")";
    }

    private void readNumber() throws SelectorSyntaxException {
        int start = position;
        char first = text.charAt(position);
        char second = position + 1 < text.length() ? text.charAt(position + 1) : '\0';
        NumberLiteral literal;
        if (first == '0' && (second == 'x' || second == 'X')) {
            position += 2;
            literal = readHexadecimal(start);
        } else if (first == '0' && (second == 'b' || second == 'B')) {
            position += 2;
            String digits = scanDigits(BINARY);
            if (digits.isEmpty()) {
                throw error(start, "the binary number " + source(start) + " has no digits");
            }
            skipLongSuffix();
            literal = NumberLiteral.exact(new BigInteger(digits, 2), 2);
        } else {
            literal = readDecimal(start);
        }
        if (position < text.length()
                && (Character.isJavaIdentifierPart(text.codePointAt(position)) || text.charAt(position) == '.')) {
            int end = position;
            while (end < text.length()
                    && (Character.isJavaIdentifierPart(text.codePointAt(end)) || text.charAt(end) == '.')) {
                end += Character.charCount(text.codePointAt(end));
            }
            throw error(start, "malformed number '" + text.substring(start, end) + "'");
        }
        tokens.add(new Token(literal.isExact() ? TokenKind.EXACT_NUMBER : TokenKind.APPROXIMATE_NUMBER,
                source(start), start + 1, literal));
    }

    private NumberLiteral readHexadecimal(int start) throws SelectorSyntaxException {
        String whole = scanDigits(HEXADECIMAL);
        boolean point = peek('.');
        if (point) {
            position++;
        }
        String fraction = point ? scanDigits(HEXADECIMAL) : "";
        if (point || peek('p') || peek('P')) {
            if (whole.isEmpty() && fraction.isEmpty()) {
                throw error(start, "the hexadecimal number " + source(start) + " has no digits");
            }
            if (!peek('p') && !peek('P')) {
                throw error(start, "the hexadecimal floating-point number " + source(start)
                        + " needs a binary exponent such as p0");
            }
            position++;
            String exponent = readExponent(start);
            boolean isFloat = readFloatSuffix();
            if (!isFloat && (peek('d') || peek('D'))) {
                position++;
            }
            String clean = "0x" + whole + "." + fraction + "p" + exponent;
            return approximate(start, clean, isFloat, !(whole + fraction).matches("0*"));
        }
        if (whole.isEmpty()) {
            throw error(start, "the hexadecimal number " + source(start) + " has no digits");
        }
        skipLongSuffix();
        return NumberLiteral.exact(new BigInteger(whole, 16), 16);
    }

    private NumberLiteral readDecimal(int start) throws SelectorSyntaxException {
        String whole = scanDigits(DECIMAL);
        boolean approximate = false;
        String fraction = "";
        String exponent = "0";
        if (peek('.')) {
            position++;
            approximate = true;
            fraction = scanDigits(DECIMAL);
        }
        if (peek('e') || peek('E')) {
            position++;
            approximate = true;
            exponent = readExponent(start);
        }
        boolean isFloat = readFloatSuffix();
        if (approximate || isFloat || peek('d') || peek('D')) {
            if (peek('d') || peek('D')) {
                position++;
            }
            String clean = (whole.isEmpty() ? "0" : whole) + "." + fraction + "e" + exponent;
            return approximate(start, clean, isFloat, !(whole + fraction).matches("0*"));
        }
        skipLongSuffix();
        if (whole.length() > 1 && whole.charAt(0) == '0') {
            if (!whole.chars().allMatch(c -> c <= '7')) {
                throw error(start, "the octal number " + source(start)
                        + " has a digit above 7 (a leading 0 makes an integer octal)");
            }
            return NumberLiteral.exact(new BigInteger(whole, 8), 8);
        }
        return NumberLiteral.exact(new BigInteger(whole), 10);
    }

    private NumberLiteral approximate(int start, String clean, boolean isFloat, boolean nonZero)
            throws SelectorSyntaxException {
        double value = isFloat ? (double) Float.parseFloat(clean) : Double.parseDouble(clean);
        String kind = isFloat ? "float" : "double";
        if (Double.isInfinite(value)) {
            throw error(start, "the number " + source(start) + " is too large for a " + kind);
        }
        if (value == 0 && nonZero) {
            throw error(start, "the number " + source(start) + " is too small for a " + kind
                    + " (it would round to zero)");
        }
        return NumberLiteral.approximate(value);
    }

    /** Reads an optional sign and the digits of an exponent whose letter has been consumed. */
    private String readExponent(int start) throws SelectorSyntaxException {
        String sign = "";
        if (peek('+') || peek('-')) {
            sign = String.valueOf(text.charAt(position));
            position++;
        }
        String digits = scanDigits(DECIMAL);
        if (digits.isEmpty()) {
            throw error(start, "the exponent of the number " + source(start) + " has no digits");
        }
        return sign + digits;
    }

    private boolean readFloatSuffix() {
        if (peek('f') || peek('F')) {
            position++;
            return true;
        }
        return false;
    }

    private void skipLongSuffix() {
        if (peek('l') || peek('L')) {
            position++;
        }
    }

    /**
     * Reads digits with Java's underscore rule (underscores only between digits) and returns them without the
     * underscores; an underscore that is not followed by a digit is left for the malformed-number check.
     */
    private String scanDigits(IntPredicate digit) {
        int begin = position;
        if (position >= text.length() || !digit.test(text.charAt(position))) {
            return "";
        }
        position++;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (digit.test(c)) {
                position++;
            } else if (c == '_') {
                int after = position;
                while (after < text.length() && text.charAt(after) == '_') {
                    after++;
                }
                if (after < text.length() && digit.test(text.charAt(after))) {
                    position = after;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        return text.substring(begin, position).replace("_", "");
    }

    private boolean peek(char c) {
        return position < text.length() && text.charAt(position) == c;
    }

    private String source(int start) {
        return text.substring(start, position);
    }

    private SelectorSyntaxException error(int index, String problem) {
        return new SelectorSyntaxException(text, index + 1, problem);
    }
}
