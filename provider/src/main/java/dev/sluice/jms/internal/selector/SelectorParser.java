package dev.sluice.jms.internal.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the selector grammar of Jakarta Messaging 3.1 section 3.8.1.1. Precedence, lowest
 * first, each level left-associative:
 * <pre>
 * selector       := or END
 * or             := and { OR and }
 * and            := not { AND not }
 * not            := NOT not | predicate
 * predicate      := sum [ compare-op sum
 *                       | [NOT] BETWEEN sum AND sum
 *                       | identifier [NOT] IN '(' string { ',' string } ')'
 *                       | identifier [NOT] LIKE string [ESCAPE string]
 *                       | identifier IS [NOT] NULL ]
 * sum            := product { ('+' | '-') product }
 * product        := unary { ('*' | '/') unary }
 * unary          := ('+' | '-') unary | primary
 * primary        := literal | identifier | '(' or ')'
 * </pre>
 * Comparisons do not chain ({@code a = b = c} is an error). A sign directly before a numeric literal is part of the
 * literal, so {@code -9223372036854775808} is the smallest long, as in Java. A chain of ANDs (or ORs) becomes one
 * n-ary node; nesting beyond {@value #MAX_DEPTH} levels is an error rather than a risk to the stack of the parser or
 * of evaluation.
 *
 * <p>Besides syntax the parser checks the types it can know without a message and rejects what could never be
 * meaningful: arithmetic on a string or condition, an ordering comparison of strings or booleans, a comparison of
 * a number with a string, a number used as a condition, LIKE or IN on a number, LIKE/IN/IS NULL on anything but an
 * identifier, a header a selector may not name. Properties have no type until a message gives them one, so those
 * rules apply to them at evaluation time instead (false or unknown, never an error).
 *
 * <p>Every error is a {@link SelectorSyntaxException} naming the 1-based column and the reason. Not thread-safe:
 * one instance parses one selector, through {@link #parse(String)}.
 */
final class SelectorParser {

    /** The header fields of section 3.4 that selectors may not name. */
    private static final Set<String> UNUSABLE_HEADERS =
            Set.of("JMSDestination", "JMSReplyTo", "JMSExpiration", "JMSRedelivered", "JMSDeliveryTime");

    private final String text;
    private final List<Token> tokens;
    private int index;

    /** How deeply a selector may nest (parentheses, NOT, signs, operators), so that no stack overflows. */
    static final int MAX_DEPTH = 100;

    /** A parsed selector: its expression tree and how deeply the tree nests. Immutable. */
    record Tree(Expression expression, int depth) {
    }

    /** An expression with the span of source it came from (for error messages) and its tree depth. */
    private record Parsed(Expression expression, int start, int end, int depth) {
        ValueType type() {
            return expression.type();
        }
    }

    /** How many parentheses, NOTs and signs the descent is inside. */
    private int nesting;

    private SelectorParser(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    /** Parses a non-blank selector into its expression tree. */
    static Tree parse(String text) throws SelectorSyntaxException {
        SelectorParser parser = new SelectorParser(text, SelectorLexer.tokenize(text));
        Parsed selector = parser.or();
        Token next = parser.current();
        if (next.kind() != TokenKind.END) {
            throw parser.error(next, next.kind() == TokenKind.RIGHT_PAREN
                    ? "')' has no matching '('"
                    : "expected AND, OR or the end of the selector but found " + next.describe());
        }
        parser.requireCondition(selector, "a selector");
        return new Tree(selector.expression(), selector.depth());
    }

    private Parsed or() throws SelectorSyntaxException {
        List<Parsed> operands = new ArrayList<>(List.of(and()));
        while (current().kind() == TokenKind.OR) {
            advance();
            operands.add(and());
        }
        return junction(operands, "OR");
    }

    private Parsed and() throws SelectorSyntaxException {
        List<Parsed> operands = new ArrayList<>(List.of(not()));
        while (current().kind() == TokenKind.AND) {
            advance();
            operands.add(not());
        }
        return junction(operands, "AND");
    }

    /** One AND or OR node over a chain of two or more conditions; a single operand as it is. */
    private Parsed junction(List<Parsed> operands, String operator) throws SelectorSyntaxException {
        if (operands.size() == 1) {
            return operands.get(0);
        }
        List<Expression> expressions = new ArrayList<>(operands.size());
        for (Parsed operand : operands) {
            requireCondition(operand, operator);
            expressions.add(operand.expression());
        }
        Expression junction = operator.equals("AND") ? new And(expressions) : new Or(expressions);
        return node(junction, operands.get(0).start(), operands.get(operands.size() - 1).end(),
                operands.toArray(new Parsed[0]));
    }

    private Parsed not() throws SelectorSyntaxException {
        if (current().kind() == TokenKind.NOT) {
            Token not = advance();
            enter(not);
            Parsed operand = not();
            nesting--;
            requireCondition(operand, "NOT");
            return node(new Not(operand.expression()), start(not), operand.end(), operand);
        }
        return predicate();
    }

    private Parsed predicate() throws SelectorSyntaxException {
        Parsed left = sum();
        Token token = current();
        ComparisonOperator comparison = comparisonOperator(token.kind());
        if (comparison != null) {
            advance();
            Parsed right = sum();
            checkComparison(token, comparison, left, right);
            return node(new Comparison(comparison, left.expression(), right.expression()), left.start(),
                    right.end(), left, right);
        }
        boolean negated = false;
        if (token.kind() == TokenKind.NOT) {
            Token after = tokens.get(index + 1);
            if (after.kind() != TokenKind.BETWEEN && after.kind() != TokenKind.IN && after.kind() != TokenKind.LIKE) {
                throw error(after, "expected BETWEEN, IN or LIKE after NOT but found " + after.describe());
            }
            advance();
            negated = true;
            token = current();
        }
        return switch (token.kind()) {
            case BETWEEN -> between(left, negated);
            case IN -> in(left, negated);
            case LIKE -> like(left, negated);
            case IS -> isNull(left);
            default -> left;
        };
    }

    private Parsed between(Parsed value, boolean negated) throws SelectorSyntaxException {
        advance();
        Parsed lower = sum();
        Token and = current();
        if (and.kind() != TokenKind.AND) {
            throw error(and, "expected AND between the bounds of BETWEEN but found " + and.describe());
        }
        advance();
        Parsed upper = sum();
        requireNumber(value, "BETWEEN");
        requireNumber(lower, "BETWEEN");
        requireNumber(upper, "BETWEEN");
        return node(new Between(value.expression(), lower.expression(), upper.expression(), negated),
                value.start(), upper.end(), value, lower, upper);
    }

    private Parsed in(Parsed identifier, boolean negated) throws SelectorSyntaxException {
        advance();
        requireStringIdentifier(identifier, "IN");
        Token open = current();
        if (open.kind() != TokenKind.LEFT_PAREN) {
            throw error(open, "expected '(' after IN but found " + open.describe());
        }
        advance();
        List<String> values = new ArrayList<>();
        while (true) {
            Token item = current();
            if (item.kind() != TokenKind.STRING) {
                String hint = item.kind() == TokenKind.EXACT_NUMBER || item.kind() == TokenKind.APPROXIMATE_NUMBER
                        || item.kind() == TokenKind.MINUS || item.kind() == TokenKind.PLUS
                        ? " (IN compares strings; for numbers write x = 1 OR x = 2)"
                        : "";
                throw error(item, (values.isEmpty() ? "IN needs a list of string literals but found "
                        : "expected a string literal in the IN list but found ") + item.describe() + hint);
            }
            values.add((String) advance().value());
            Token separator = current();
            if (separator.kind() == TokenKind.RIGHT_PAREN) {
                Token close = advance();
                return node(new InList(identifier.expression(), values, negated), identifier.start(), end(close),
                        identifier);
            }
            if (separator.kind() != TokenKind.COMMA) {
                throw error(separator, "expected ',' or ')' in the IN list but found " + separator.describe());
            }
            advance();
        }
    }

    private Parsed like(Parsed identifier, boolean negated) throws SelectorSyntaxException {
        advance();
        requireStringIdentifier(identifier, "LIKE");
        Token pattern = current();
        if (pattern.kind() != TokenKind.STRING) {
            throw error(pattern, "LIKE needs a string literal pattern but found " + pattern.describe());
        }
        advance();
        Token last = pattern;
        Integer escape = null;
        if (current().kind() == TokenKind.ESCAPE) {
            advance();
            Token escapeToken = current();
            if (escapeToken.kind() != TokenKind.STRING) {
                throw error(escapeToken, "ESCAPE needs a single-character string literal but found "
                        + escapeToken.describe());
            }
            String escapeText = (String) escapeToken.value();
            if (escapeText.codePointCount(0, escapeText.length()) != 1) {
                throw error(escapeToken, "the ESCAPE character must be a single character, but "
                        + escapeToken.text() + " has " + escapeText.codePointCount(0, escapeText.length()));
            }
            escape = escapeText.codePointAt(0);
            last = advance();
        }
        LikePattern compiled;
        try {
            compiled = LikePattern.compile((String) pattern.value(), escape);
        } catch (IllegalArgumentException e) {
            throw error(pattern, e.getMessage());
        }
        return node(new Like(identifier.expression(), compiled, negated), identifier.start(), end(last), identifier);
    }

    private Parsed isNull(Parsed identifier) throws SelectorSyntaxException {
        advance();
        requireIdentifier(identifier, "IS NULL");
        boolean negated = false;
        if (current().kind() == TokenKind.NOT) {
            advance();
            negated = true;
        }
        Token nullToken = current();
        if (nullToken.kind() != TokenKind.NULL) {
            throw error(nullToken, "expected NULL after " + (negated ? "IS NOT" : "IS") + " but found "
                    + nullToken.describe());
        }
        advance();
        return node(new IsNull(identifier.expression(), negated), identifier.start(), end(nullToken), identifier);
    }

    private Parsed sum() throws SelectorSyntaxException {
        Parsed left = product();
        while (current().kind() == TokenKind.PLUS || current().kind() == TokenKind.MINUS) {
            Token operator = advance();
            Parsed right = product();
            left = arithmetic(operator, left, right);
        }
        return left;
    }

    private Parsed product() throws SelectorSyntaxException {
        Parsed left = unary();
        while (current().kind() == TokenKind.TIMES || current().kind() == TokenKind.DIVIDE) {
            Token operator = advance();
            Parsed right = unary();
            left = arithmetic(operator, left, right);
        }
        return left;
    }

    private Parsed arithmetic(Token operator, Parsed left, Parsed right) throws SelectorSyntaxException {
        String context = "'" + operator.text() + "'";
        requireNumber(left, context);
        requireNumber(right, context);
        ArithmeticOperator arithmetic = switch (operator.kind()) {
            case PLUS -> ArithmeticOperator.PLUS;
            case MINUS -> ArithmeticOperator.MINUS;
            case TIMES -> ArithmeticOperator.TIMES;
            default -> ArithmeticOperator.DIVIDE;
        };
        return node(new Arithmetic(arithmetic, left.expression(), right.expression()), left.start(), right.end(),
                left, right);
    }

    private Parsed unary() throws SelectorSyntaxException {
        Token sign = current();
        if (sign.kind() != TokenKind.MINUS && sign.kind() != TokenKind.PLUS) {
            return primary();
        }
        advance();
        boolean minus = sign.kind() == TokenKind.MINUS;
        Token next = current();
        if (next.kind() == TokenKind.EXACT_NUMBER || next.kind() == TokenKind.APPROXIMATE_NUMBER) {
            advance();
            return new Parsed(numberLiteral(next, minus), start(sign), end(next), 1);
        }
        enter(sign);
        Parsed operand = unary();
        nesting--;
        requireNumber(operand, "unary '" + sign.text() + "'");
        if (operand.expression() instanceof Literal literal && literal.value() instanceof Long exact) {
            return new Parsed(new Literal(minus ? -exact : exact), start(sign), operand.end(), 1);
        }
        if (operand.expression() instanceof Literal literal && literal.value() instanceof Double approximate) {
            return new Parsed(new Literal(minus ? -approximate : approximate), start(sign), operand.end(), 1);
        }
        return node(new UnaryArithmetic(minus, operand.expression()), start(sign), operand.end(), operand);
    }

    private Parsed primary() throws SelectorSyntaxException {
        Token token = current();
        switch (token.kind()) {
            case LEFT_PAREN -> {
                advance();
                enter(token);
                Parsed inner = or();
                nesting--;
                Token close = current();
                if (close.kind() != TokenKind.RIGHT_PAREN) {
                    throw error(close, "expected ')' to close the '(' at column " + token.column() + " but found "
                            + close.describe());
                }
                advance();
                return new Parsed(inner.expression(), start(token), end(close), inner.depth());
            }
            case STRING -> {
                advance();
                return literal(token, token.value());
            }
            case EXACT_NUMBER, APPROXIMATE_NUMBER -> {
                advance();
                return new Parsed(numberLiteral(token, false), start(token), end(token), 1);
            }
            case TRUE, FALSE -> {
                advance();
                return literal(token, token.kind() == TokenKind.TRUE);
            }
            case IDENTIFIER -> {
                advance();
                return new Parsed(identifier(token), start(token), end(token), 1);
            }
            case NULL -> throw error(token, "NULL can only be tested with IS NULL or IS NOT NULL"
                    + " (a comparison with NULL is never true)");
            default -> {
                Token previous = index == 0 ? null : tokens.get(index - 1);
                String problem = previous == null ? "expected an expression"
                        : "expected an expression after '" + previous.text() + "'";
                if (TokenKind.keyword(token.text()) != null && token.kind() != TokenKind.NOT) {
                    problem += "; " + token.text() + " is a reserved word and cannot name a property";
                }
                throw error(token, problem);
            }
        }
    }

    private Parsed literal(Token token, Object value) {
        return new Parsed(new Literal(value), start(token), end(token), 1);
    }

    /** A node over {@code children}, one level deeper than the deepest of them, within {@link #MAX_DEPTH}. */
    private Parsed node(Expression expression, int start, int end, Parsed... children)
            throws SelectorSyntaxException {
        int depth = 1;
        for (Parsed child : children) {
            depth = Math.max(depth, child.depth() + 1);
        }
        if (depth > MAX_DEPTH) {
            throw new SelectorSyntaxException(text, start + 1, "the selector nests deeper than " + MAX_DEPTH
                    + " levels of operators");
        }
        return new Parsed(expression, start, end, depth);
    }

    /** Counts one more level of recursive descent at {@code token}, within {@link #MAX_DEPTH}. */
    private void enter(Token token) throws SelectorSyntaxException {
        if (++nesting > MAX_DEPTH) {
            throw error(token, "the selector nests deeper than " + MAX_DEPTH
                    + " levels of parentheses, NOT and signs");
        }
    }

    private Literal numberLiteral(Token token, boolean negated) throws SelectorSyntaxException {
        NumberLiteral number = (NumberLiteral) token.value();
        if (!number.isExact()) {
            return new Literal(negated ? -number.approximate() : number.approximate());
        }
        Long value = number.toLong(negated);
        if (value == null) {
            throw error(token, "the number " + (negated ? "-" : "") + token.text()
                    + " is outside the range of long (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
        }
        return new Literal(value);
    }

    private Expression identifier(Token token) throws SelectorSyntaxException {
        String name = token.text();
        Header header = Header.named(name);
        if (header != null) {
            return new HeaderReference(header);
        }
        if (name.startsWith("JMS") && !name.startsWith("JMSX") && !name.startsWith("JMS_")) {
            throw error(token, (UNUSABLE_HEADERS.contains(name)
                    ? "the header " + name + " cannot be used in a selector"
                    : "'" + name + "' is not a header a selector can use, and names starting with JMS are reserved"
                            + " (JMSX for properties defined by Jakarta Messaging, JMS_ for provider properties)")
                    + "; selectors can use " + Header.USABLE_NAMES);
        }
        return new PropertyReference(name);
    }

    private void checkComparison(Token operator, ComparisonOperator comparison, Parsed left, Parsed right)
            throws SelectorSyntaxException {
        if (comparison.isOrdering()) {
            for (Parsed side : List.of(left, right)) {
                if (side.type() == ValueType.STRING || side.type() == ValueType.BOOLEAN) {
                    throw error(side, "'" + operator.text() + "' compares numbers only (strings and booleans"
                            + " support = and <> only), but " + quote(side) + " is " + side.type().description());
                }
            }
        }
        if (left.type() != ValueType.UNKNOWN && right.type() != ValueType.UNKNOWN && left.type() != right.type()) {
            throw error(operator, "'" + operator.text() + "' compares " + quote(left) + ", which is "
                    + left.type().description() + ", with " + quote(right) + ", which is "
                    + right.type().description() + "; values of different types never match");
        }
    }

    private void requireCondition(Parsed operand, String context) throws SelectorSyntaxException {
        if (!operand.type().mayBeCondition()) {
            throw error(operand, context + " needs a condition, but " + quote(operand) + " is "
                    + operand.type().description());
        }
    }

    private void requireNumber(Parsed operand, String context) throws SelectorSyntaxException {
        if (!operand.type().mayBeNumber()) {
            throw error(operand, context + " needs numbers, but " + quote(operand) + " is "
                    + operand.type().description());
        }
    }

    private void requireIdentifier(Parsed operand, String context) throws SelectorSyntaxException {
        if (!(operand.expression() instanceof PropertyReference || operand.expression() instanceof HeaderReference)) {
            throw error(operand, context + " applies to an identifier (a property or header), not to "
                    + quote(operand));
        }
    }

    private void requireStringIdentifier(Parsed operand, String context) throws SelectorSyntaxException {
        requireIdentifier(operand, context);
        if (!operand.type().mayBeString()) {
            throw error(operand, context + " applies to strings, but " + quote(operand) + " is "
                    + operand.type().description());
        }
    }

    private static ComparisonOperator comparisonOperator(TokenKind kind) {
        return switch (kind) {
            case EQUALS -> ComparisonOperator.EQUALS;
            case NOT_EQUALS -> ComparisonOperator.NOT_EQUALS;
            case LESS -> ComparisonOperator.LESS;
            case LESS_OR_EQUAL -> ComparisonOperator.LESS_OR_EQUAL;
            case GREATER -> ComparisonOperator.GREATER;
            case GREATER_OR_EQUAL -> ComparisonOperator.GREATER_OR_EQUAL;
            default -> null;
        };
    }

    private Token current() {
        return tokens.get(index);
    }

    private Token advance() {
        Token token = tokens.get(index);
        if (token.kind() != TokenKind.END) {
            index++;
        }
        return token;
    }

    private static int start(Token token) {
        return token.column() - 1;
    }

    private static int end(Token token) {
        return token.column() - 1 + token.text().length();
    }

    /** The operand's source, in quotes unless it is a string literal and so quoted already. */
    private String quote(Parsed operand) {
        String source = text.substring(operand.start(), operand.end());
        return operand.expression() instanceof Literal literal && literal.value() instanceof String
                ? source : "'" + source + "'";
    }

    private SelectorSyntaxException error(Token token, String problem) {
        return new SelectorSyntaxException(text, token.column(), problem);
    }

    private SelectorSyntaxException error(Parsed operand, String problem) {
        return new SelectorSyntaxException(text, operand.start() + 1, problem);
    }
}
