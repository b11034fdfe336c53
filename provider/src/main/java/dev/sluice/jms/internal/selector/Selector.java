package dev.sluice.jms.internal.selector;

import jakarta.jms.InvalidSelectorException;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed message selector (Jakarta Messaging 3.1 section 3.8.1): parse once with {@link #parse(String)}, then
 * test messages with {@link #matches(SelectorContext)} or push the selection into PostgreSQL with
 * {@link #toSql()}. Immutable and thread-safe: one instance may be evaluated on many threads at once.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>A message matches when the selector is TRUE; FALSE and unknown do not match (section 3.8.1.1).</li>
 *   <li>NULL (a missing property, a null JMSMessageID/JMSCorrelationID/JMSType) makes comparisons and arithmetic
 *       unknown; AND, OR and NOT follow the three-valued tables 3-4 to 3-6; IS [NOT] NULL is never unknown.</li>
 *   <li>Numbers: Byte, Short, Integer and Long are exact and computed as long; Float and Double are approximate and
 *       computed as double (a Float widens exactly as Java does). Exact with exact stays exact, anything with an
 *       approximate number is approximate (Java numeric promotion).</li>
 *   <li>Type rules: values of different types ("non-like") compare false, for &lt;&gt; too; strings and booleans
 *       support only = and &lt;&gt;, an ordering comparison of them is false; arithmetic on a value that is not a
 *       number, and exact division by zero, give NULL. A property is used as a condition only if it is a Boolean,
 *       otherwise it is unknown. IN and LIKE on a value that is not a string are unknown, and so are NOT IN and
 *       NOT LIKE. Where the parser can see such a mismatch without a message (a literal or a header) it rejects
 *       the selector instead.</li>
 *   <li>BETWEEN and NOT BETWEEN are the spec's {@code v >= a AND v <= b} and {@code v < a OR v > b}; IN is the OR
 *       of string equalities and NOT IN its negation, for a string.</li>
 * </ul>
 * The syntax and the errors are described in {@link SelectorParser} and {@link SelectorLexer}.
 */
public final class Selector {

    /** The selector of a consumer without one (null, empty or blank text): matches every message. */
    public static final Selector ALL = new Selector("", new Literal(Boolean.TRUE), Optional.of(SqlFragment.TRUE),
            null);

    private final String text;
    private final Expression expression;
    private final Optional<SqlFragment> sql;
    private final String sqlDeclined;

    private Selector(String text, Expression expression, Optional<SqlFragment> sql, String sqlDeclined) {
        this.text = text;
        this.expression = expression;
        this.sql = sql;
        this.sqlDeclined = sqlDeclined;
    }

    /**
     * Parses {@code text}. Null, empty or whitespace-only text means "no selector" (section 3.8.1.1) and gives
     * {@link #ALL}.
     *
     * @throws InvalidSelectorException (a {@link SelectorSyntaxException}) naming the column and the problem when
     *     the text is not a valid selector
     */
    public static Selector parse(String text) throws InvalidSelectorException {
        if (isAbsent(text)) {
            return ALL;
        }
        SelectorParser.Tree tree = SelectorParser.parse(text);
        try {
            return new Selector(text, tree.expression(),
                    Optional.of(SqlTranslator.translate(tree.expression(), tree.depth())), null);
        } catch (SqlTranslator.Untranslatable declined) {
            return new Selector(text, tree.expression(), Optional.empty(), declined.getMessage());
        }
    }

    /**
     * True when {@code text} means "no selector": null, empty or whitespace only (section 3.8.1.1). All such texts
     * are the same selector, so a subscription made with one of them is the same as with another.
     */
    public static boolean isAbsent(String text) {
        return text == null || text.chars().allMatch(SelectorLexer::isWhitespace);
    }

    /** True if the selector is TRUE for {@code message}. */
    public boolean matches(SelectorContext message) {
        return Boolean.TRUE.equals(evaluate(message));
    }

    /** The selector's truth value for {@code message}: TRUE, FALSE, or null for unknown. */
    Boolean evaluate(SelectorContext message) {
        Objects.requireNonNull(message, "message");
        return Expression.truth(expression.evaluate(message));
    }

    /** The selector text as given to {@link #parse(String)}; empty for {@link #ALL}. */
    public String text() {
        return text;
    }

    /** True for {@link #ALL}, the absence of a selector. */
    public boolean selectsAll() {
        return this == ALL;
    }

    /**
     * The selector as a PostgreSQL boolean expression over {@code sluice.message m}, with positional parameters
     * (see {@link SqlFragment}), that is TRUE for exactly the rows whose decoded messages
     * {@link #matches(SelectorContext)} accepts (and FALSE or NULL as the selector is FALSE or unknown). Empty
     * when no exact translation exists; then evaluate in memory. {@link SqlTranslator} lists what it declines:
     * arithmetic, JMSCorrelationID other than compared with string literals, the JMSX properties set on receipt,
     * and text PostgreSQL cannot hold.
     */
    public Optional<SqlFragment> toSql() {
        return sql;
    }

    /**
     * Why {@link #toSql()} is empty (for logs: "evaluated in memory because it uses arithmetic, ..."), or empty when
     * it is not.
     */
    public Optional<String> sqlDeclinedReason() {
        return Optional.ofNullable(sqlDeclined);
    }

    Expression expression() {
        return expression;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Selector that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return this == ALL ? "Selector[all]" : "Selector[" + text + "]";
    }
}
