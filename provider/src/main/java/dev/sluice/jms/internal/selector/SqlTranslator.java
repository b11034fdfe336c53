package dev.sluice.jms.internal.selector;

import static dev.sluice.jms.internal.selector.StoredValueCategory.BOOLEAN;
import static dev.sluice.jms.internal.selector.StoredValueCategory.DOUBLE;
import static dev.sluice.jms.internal.selector.StoredValueCategory.DOUBLE_TEXT;
import static dev.sluice.jms.internal.selector.StoredValueCategory.ESCAPED;
import static dev.sluice.jms.internal.selector.StoredValueCategory.EXACT;
import static dev.sluice.jms.internal.selector.StoredValueCategory.FLOAT;
import static dev.sluice.jms.internal.selector.StoredValueCategory.FLOAT_TEXT;
import static dev.sluice.jms.internal.selector.StoredValueCategory.NULL_VALUE;
import static dev.sluice.jms.internal.selector.StoredValueCategory.STRING;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Translates a selector's expression tree into a PostgreSQL condition over {@code sluice.message m} that gives the
 * same answer as in-memory evaluation of the decoded message, unknown included: each translated condition is SQL
 * TRUE, FALSE or NULL exactly when the selector is TRUE, FALSE or unknown, so AND, OR and NOT map onto SQL's own
 * three-valued operators. When no exact translation exists the whole selector is declined and the caller evaluates
 * in memory; a partial or approximate translation is never returned.
 *
 * <h2>How values are read</h2>
 * Headers are typed columns: {@code message_id}, {@code jms_type}, {@code correlation_id} (text, nullable),
 * {@code priority}, {@code sent_at} (JMSTimestamp), and JMSDeliveryMode from {@code persistent}. A property's type
 * is known only per row, so a comparison branches on its {@link StoredValueCategory}, computed from
 * {@code jsonb_typeof} and the codec's type list as {@link StoredMessageFormat} describes:
 * {@code CASE COALESCE(<category>, 'null') WHEN 'null' THEN NULL WHEN 'exact' THEN ... ELSE FALSE END} (two
 * properties branch once on both categories joined, {@code 'exact:double'}). The branches follow the in-memory rules
 * of {@link ComparisonOperator}:
 * <ul>
 *   <li>two exact numbers compare as {@code numeric} (exact, like long comparison);</li>
 *   <li>a comparison involving an approximate number compares as {@code double precision}: a long converts with
 *       the same rounding as Java's long-to-double, a double converts back exactly, a Float is read as
 *       {@code real} (its float form) and widened, as Java widens it; NaN, which PostgreSQL treats as equal to
 *       itself and greater than everything, is tested first so that it compares as in Java;</li>
 *   <li>strings compare with = and &lt;&gt; as text; a Base64-escaped string (holding U+0000 or an unpaired
 *       surrogate) equals only another escaped string with the same Base64 text, never a literal or header, and LIKE
 *       on it matches a regular expression over the hex of its bytes;</li>
 *   <li>any other pair of types is FALSE; a missing value is NULL; IN and LIKE on a value that is not a string are
 *       NULL.</li>
 * </ul>
 *
 * <h2>What is declined</h2>
 * <ul>
 *   <li>arithmetic: long wrap-around, integer division and division by zero have no exact equivalent here;</li>
 *   <li>JMSCorrelationID other than compared (=, &lt;&gt;, IN) with string literals or tested with IS NULL: a
 *       correlation ID set as bytes reads back as their UTF-8 decoding, which SQL cannot reproduce for malformed
 *       bytes; for the same reason a literal holding U+FFFD;</li>
 *   <li>the properties the provider sets on receipt (JMSXDeliveryCount, JMSXRcvTimestamp, JMSXConsumerTXID), which
 *       are not stored;</li>
 *   <li>string literals and property names that PostgreSQL text cannot hold (U+0000, unpaired surrogates);</li>
 *   <li>trees nested more than {@value #MAX_DEPTH} levels, and selectors whose SQL would exceed
 *       {@value #MAX_LENGTH} characters or {@value #MAX_PARAMETERS} bind parameters.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class SqlTranslator {

    private static final Set<String> RECEIVE_SIDE_PROPERTIES =
            Set.of("JMSXDeliveryCount", "JMSXRcvTimestamp", "JMSXConsumerTXID");
    private static final StoredValueCategory[] PROPERTY_CATEGORIES = {
        EXACT, DOUBLE, FLOAT, DOUBLE_TEXT, FLOAT_TEXT, STRING, ESCAPED, BOOLEAN
    };
    private static final SqlFragment TRUE = fragment("TRUE");
    private static final SqlFragment FALSE = fragment("FALSE");
    private static final SqlFragment UNKNOWN = fragment("NULL");
    private static final String NAN = "'NaN'::float8";
    /** The deepest expression tree translated; a comparison adds a few SQL levels of its own. */
    static final int MAX_DEPTH = 32;
    /** Leaves room under PostgreSQL's 65535 bind parameters for the statement the fragment goes into. */
    static final int MAX_PARAMETERS = 20_000;
    /** Characters of SQL beyond which in-memory evaluation is the better deal than parsing and planning. */
    static final int MAX_LENGTH = 1_000_000;

    private SqlTranslator() {
    }

    /** Why a selector was not translated. Internal control flow: carries no stack trace. */
    static final class Untranslatable extends Exception {
        private static final long serialVersionUID = 1L;

        Untranslatable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * One side of a comparison: either a value whose category is fixed (a literal or header) with its SQL, or a
     * property, whose category is known per row.
     */
    private record Operand(StoredValueCategory fixed, SqlFragment value, boolean nullable, String property,
                           Header header) {

        static Operand typed(StoredValueCategory category, SqlFragment value, boolean nullable, Header header) {
            return new Operand(category, value, nullable, null, header);
        }

        boolean isProperty() {
            return property != null;
        }
    }

    /**
     * The condition for a parsed selector.
     *
     * @param depth how deeply the expression tree nests; deeper trees are declined, as PostgreSQL limits the
     *     nesting of an expression by its stack
     * @throws Untranslatable with the reason when no exact translation exists
     */
    static SqlFragment translate(Expression expression, int depth) throws Untranslatable {
        if (depth > MAX_DEPTH) {
            throw new Untranslatable("it nests " + depth + " levels deep, more than the " + MAX_DEPTH
                    + " translated to SQL");
        }
        SqlFragment sql = condition(expression);
        if (sql.sql().length() > MAX_LENGTH) {
            throw tooLong();
        }
        if (sql.parameters().size() > MAX_PARAMETERS) {
            throw new Untranslatable("its SQL would need " + sql.parameters().size() + " parameters, more than the "
                    + MAX_PARAMETERS + " allowed for one statement's share");
        }
        return sql;
    }

    private static SqlFragment condition(Expression expression) throws Untranslatable {
        if (expression instanceof Literal literal && literal.value() instanceof Boolean value) {
            return value ? TRUE : FALSE;
        }
        if (expression instanceof PropertyReference property) {
            SqlFragment json = json(checkedName(property));
            return new SqlFragment.Builder().append("(CASE WHEN jsonb_typeof(").append(json)
                    .append(") = 'boolean' THEN (").append(json).append(")::boolean END)").build();
        }
        if (expression instanceof And and) {
            return junction(and.operands(), " AND ");
        }
        if (expression instanceof Or or) {
            return junction(or.operands(), " OR ");
        }
        if (expression instanceof Not not) {
            return negate(condition(not.operand()));
        }
        if (expression instanceof Comparison comparison) {
            return comparison(comparison.operator(), comparison.left(), comparison.right());
        }
        if (expression instanceof Between between) {
            return between.negated()
                    ? binary(comparison(ComparisonOperator.LESS, between.value(), between.lower()), " OR ",
                            comparison(ComparisonOperator.GREATER, between.value(), between.upper()))
                    : binary(comparison(ComparisonOperator.GREATER_OR_EQUAL, between.value(), between.lower()),
                            " AND ", comparison(ComparisonOperator.LESS_OR_EQUAL, between.value(), between.upper()));
        }
        if (expression instanceof InList in) {
            SqlFragment test = in(in);
            return in.negated() ? negate(test) : test;
        }
        if (expression instanceof Like like) {
            SqlFragment test = like(like);
            return like.negated() ? negate(test) : test;
        }
        if (expression instanceof IsNull isNull) {
            return isNull(isNull);
        }
        throw new Untranslatable("the expression " + expression + " is not a condition");
    }

    /** {@code (a AND b AND c)}: SQL's AND and OR have the selector's three-valued tables. */
    private static SqlFragment junction(List<Expression> operands, String operator) throws Untranslatable {
        SqlFragment.Builder sql = new SqlFragment.Builder().append("(");
        for (int i = 0; i < operands.size(); i++) {
            sql.append(i == 0 ? "" : operator).append(condition(operands.get(i)));
            if (sql.length() > MAX_LENGTH) {
                throw tooLong();
            }
        }
        return sql.append(")").build();
    }

    private static Untranslatable tooLong() {
        return new Untranslatable("its SQL would be longer than " + MAX_LENGTH + " characters");
    }

    private static SqlFragment comparison(ComparisonOperator operator, Expression leftExpression,
                                          Expression rightExpression) throws Untranslatable {
        Operand left = operand(leftExpression);
        Operand right = operand(rightExpression);
        if (left.header() == Header.CORRELATION_ID || right.header() == Header.CORRELATION_ID) {
            Expression other = left.header() == Header.CORRELATION_ID ? rightExpression : leftExpression;
            if (!(other instanceof Literal literal && literal.value() instanceof String string)) {
                throw new Untranslatable("it compares JMSCorrelationID with something other than a string literal");
            }
            SqlFragment equal = correlationIdIn(Set.of(string));
            return operator == ComparisonOperator.EQUALS ? equal : negate(equal);
        }
        if (!left.isProperty() && !right.isProperty()) {
            SqlFragment result = pair(operator, left, left.fixed(), right, right.fixed());
            if (result != TRUE && result != FALSE) {
                return result; // a binary SQL comparison: NULL in, NULL out, as in the selector
            }
            return whenPresent(left, whenPresent(right, result));
        }
        if (left.isProperty() && right.isProperty()) {
            return byCategories(left, right, (leftCategory, rightCategory) ->
                    pair(operator, left, leftCategory, right, rightCategory));
        }
        return byCategory(left, leftCategory -> byCategory(right,
                rightCategory -> pair(operator, left, leftCategory, right, rightCategory)));
    }

    /** The comparison of two values of known categories (after NULL has been ruled out). */
    private static SqlFragment pair(ComparisonOperator operator, Operand left, StoredValueCategory leftCategory,
                                    Operand right, StoredValueCategory rightCategory) {
        String symbol = " " + operator.symbol() + " ";
        if (leftCategory.isNumber() && rightCategory.isNumber()) {
            if (leftCategory == EXACT && rightCategory == EXACT) {
                return binary(exact(left), symbol, exact(right));
            }
            SqlFragment a = approximate(left, leftCategory);
            SqlFragment b = approximate(right, rightCategory);
            SqlFragment compared = binary(a, symbol, b);
            if (!leftCategory.mayBeNaN() && !rightCategory.mayBeNaN()) {
                return compared;
            }
            SqlFragment isNaN = leftCategory.mayBeNaN() && rightCategory.mayBeNaN()
                    ? binary(binary(a, " = ", fragment(NAN)), " OR ", binary(b, " = ", fragment(NAN)))
                    : binary(leftCategory.mayBeNaN() ? a : b, " = ", fragment(NAN));
            return new SqlFragment.Builder().append("(CASE WHEN ").append(isNaN).append(" THEN ")
                    .append(operator == ComparisonOperator.NOT_EQUALS ? "TRUE" : "FALSE").append(" ELSE ")
                    .append(compared).append(" END)").build();
        }
        if (leftCategory.isString() && rightCategory.isString()) {
            if (operator.isOrdering()) {
                return FALSE;
            }
            if (leftCategory != rightCategory) {
                // an escaped string holds a character no plain string or literal can: never equal
                return operator == ComparisonOperator.EQUALS ? FALSE : TRUE;
            }
            return binary(text(left), symbol, text(right));
        }
        if (leftCategory == BOOLEAN && rightCategory == BOOLEAN) {
            return operator.isOrdering() ? FALSE : binary(bool(left), symbol, bool(right));
        }
        return FALSE;
    }

    private static SqlFragment in(InList in) throws Untranslatable {
        Operand target = operand(in.identifier());
        if (target.header() == Header.CORRELATION_ID) {
            return correlationIdIn(new LinkedHashSet<>(in.values()));
        }
        SqlFragment.Builder list = new SqlFragment.Builder().append(" IN (");
        for (int i = 0; i < in.values().size(); i++) {
            list.append(i == 0 ? "" : ", ").parameter(storable(in.values().get(i)));
        }
        SqlFragment values = list.append(")").build();
        if (!target.isProperty()) {
            return new SqlFragment.Builder().append("(").append(target.value()).append(values).append(")").build();
        }
        // A string is in the list or not (an escaped one never is); any other value makes IN unknown, so that
        // NOT IN is not true either (see InList).
        return byCategory(target, category -> switch (category) {
            case STRING -> new SqlFragment.Builder().append("(").append(text(target)).append(values).append(")")
                    .build();
            case ESCAPED -> FALSE;
            default -> UNKNOWN;
        });
    }

    private static SqlFragment like(Like like) throws Untranslatable {
        Operand target = operand(like.identifier());
        if (target.header() == Header.CORRELATION_ID) {
            throw new Untranslatable("LIKE on JMSCorrelationID cannot see correlation IDs set as bytes");
        }
        SqlFragment pattern = new SqlFragment.Builder().append(" LIKE ")
                .parameter(storable(like.pattern().toPostgresPattern())).append(" ESCAPE E'\\\\'").build();
        if (!target.isProperty()) {
            return new SqlFragment.Builder().append("(").append(target.value()).append(pattern).append(")").build();
        }
        SqlFragment escapedMatch = new SqlFragment.Builder().append("(encode(decode(").append(text(target))
                .append(", 'base64'), 'hex') ~ ").parameter(StoredMessageFormat.escapedStringRegex(like.pattern()))
                .append(")").build();
        // As for IN: a value that is not a string makes LIKE, and so NOT LIKE, unknown (see Like).
        return byCategory(target, category -> switch (category) {
            case STRING -> new SqlFragment.Builder().append("(").append(text(target)).append(pattern).append(")")
                    .build();
            case ESCAPED -> escapedMatch;
            default -> UNKNOWN;
        });
    }

    private static SqlFragment isNull(IsNull isNull) throws Untranslatable {
        Operand target = operand(isNull.identifier());
        if (target.isProperty()) {
            SqlFragment present = new SqlFragment.Builder().append("COALESCE(jsonb_typeof(")
                    .append(json(target.property())).append(") IN ('string', 'number', 'boolean'), FALSE)").build();
            return isNull.negated() ? present : negate(present);
        }
        if (!target.nullable()) {
            return isNull.negated() ? TRUE : FALSE;
        }
        return new SqlFragment.Builder().append("(").append(target.value())
                .append(isNull.negated() ? " IS NOT NULL)" : " IS NULL)").build();
    }

    /** {@code m.correlation_id IN (...)} over every stored form of {@code values}. */
    private static SqlFragment correlationIdIn(Set<String> values) throws Untranslatable {
        SqlFragment.Builder sql = new SqlFragment.Builder().append("(m.correlation_id IN (");
        boolean first = true;
        for (String value : values) {
            if (value.indexOf('\uFFFD') >= 0) {
                throw new Untranslatable("the JMSCorrelationID literal '" + value + "' holds U+FFFD, which"
                        + " malformed correlation ID bytes also read as");
            }
            for (String stored : StoredMessageFormat.storedCorrelationIds(storable(value))) {
                sql.append(first ? "" : ", ").parameter(stored);
                first = false;
            }
        }
        return sql.append("))").build();
    }

    /**
     * {@code body} for each category {@code operand} can have in a row: NULL when it has no value, FALSE where the
     * body is FALSE.
     */
    private static SqlFragment byCategory(Operand operand, Function<StoredValueCategory, SqlFragment> body) {
        if (!operand.isProperty()) {
            return whenPresent(operand, body.apply(operand.fixed()));
        }
        Map<StoredValueCategory, SqlFragment> results = new EnumMap<>(StoredValueCategory.class);
        for (StoredValueCategory category : PROPERTY_CATEGORIES) {
            SqlFragment result = body.apply(category);
            if (result != FALSE) {
                results.put(category, result);
            }
        }
        SqlFragment.Builder sql = new SqlFragment.Builder().append("(CASE COALESCE(")
                .append(category(operand.property(), results.keySet())).append(", '" + NULL_VALUE.label() + "')")
                .append(" WHEN '" + NULL_VALUE.label() + "' THEN NULL");
        results.forEach((category, result) -> sql.append(" WHEN '" + category.label() + "' THEN ").append(result));
        return sql.append(" ELSE FALSE END)").build();
    }

    /**
     * {@code body} for each pair of categories two properties can have in a row, branching once on both categories
     * joined ({@code 'exact:double'}): NULL when either has no value, FALSE where the body is FALSE.
     */
    private static SqlFragment byCategories(Operand left, Operand right,
                                            BiFunction<StoredValueCategory, StoredValueCategory, SqlFragment> body) {
        Map<String, SqlFragment> results = new LinkedHashMap<>();
        Set<StoredValueCategory> leftRelevant = EnumSet.noneOf(StoredValueCategory.class);
        Set<StoredValueCategory> rightRelevant = EnumSet.noneOf(StoredValueCategory.class);
        for (StoredValueCategory leftCategory : PROPERTY_CATEGORIES) {
            for (StoredValueCategory rightCategory : PROPERTY_CATEGORIES) {
                SqlFragment result = body.apply(leftCategory, rightCategory);
                if (result != FALSE) {
                    results.put(leftCategory.label() + ":" + rightCategory.label(), result);
                    leftRelevant.add(leftCategory);
                    rightRelevant.add(rightCategory);
                }
            }
        }
        SqlFragment.Builder sql = new SqlFragment.Builder().append("(CASE COALESCE(")
                .append(category(left.property(), leftRelevant)).append(" || ':' || ")
                .append(category(right.property(), rightRelevant))
                .append(", '" + NULL_VALUE.label() + "') WHEN '" + NULL_VALUE.label() + "' THEN NULL");
        results.forEach((pair, result) -> sql.append(" WHEN '" + pair + "' THEN ").append(result));
        return sql.append(" ELSE FALSE END)").build();
    }

    /** {@code body}, or NULL when the typed operand is NULL. */
    private static SqlFragment whenPresent(Operand operand, SqlFragment body) {
        if (!operand.nullable()) {
            return body;
        }
        return new SqlFragment.Builder().append("(CASE WHEN ").append(operand.value())
                .append(" IS NULL THEN NULL ELSE ").append(body).append(" END)").build();
    }

    /**
     * The SQL that yields the {@link StoredValueCategory#label()} of {@code property} in the current row, or NULL
     * when it has no value. Categories not in {@code relevant} (those the caller treats as FALSE) all yield
     * {@code 'other'}, so that the type list is only consulted where it decides something.
     */
    private static SqlFragment category(String property, Set<StoredValueCategory> relevant) {
        SqlFragment json = json(property);
        SqlFragment type = fragment("(regexp_match(m.property_types, "
                + SqlFragment.quote(StoredMessageFormat.typeCodePattern(property)) + "))[1]");
        SqlFragment.Builder sql = new SqlFragment.Builder().append("(CASE jsonb_typeof(").append(json).append(")")
                .append(" WHEN 'boolean' THEN " + label(BOOLEAN, relevant));
        if (relevant.contains(STRING) || relevant.contains(ESCAPED) || relevant.contains(DOUBLE_TEXT)
                || relevant.contains(FLOAT_TEXT)) {
            sql.append(" WHEN 'string' THEN (CASE ").append(type)
                    .append(" WHEN 'x' THEN " + label(ESCAPED, relevant) + " WHEN 'd' THEN "
                            + label(DOUBLE_TEXT, relevant) + " WHEN 'f' THEN " + label(FLOAT_TEXT, relevant)
                            + " ELSE " + label(STRING, relevant) + " END)");
        } else {
            sql.append(" WHEN 'string' THEN 'other'");
        }
        if (relevant.contains(EXACT) || relevant.contains(DOUBLE) || relevant.contains(FLOAT)) {
            String exact = label(EXACT, relevant);
            sql.append(" WHEN 'number' THEN (CASE ").append(type)
                    .append(" WHEN 'd' THEN " + label(DOUBLE, relevant) + " WHEN 'f' THEN " + label(FLOAT, relevant)
                            + " WHEN 'b' THEN " + exact + " WHEN 's' THEN " + exact + " WHEN 'i' THEN " + exact
                            + " WHEN 'j' THEN " + exact)
                    .append(" ELSE (CASE WHEN strpos((").append(json).append(")::text, '.') = 0 AND (").append(json)
                    .append(")::numeric BETWEEN -9223372036854775808 AND 9223372036854775807")
                    .append(" THEN " + exact + " ELSE " + label(DOUBLE, relevant) + " END) END)");
        } else {
            sql.append(" WHEN 'number' THEN 'other'");
        }
        return sql.append(" END)").build();
    }

    /** The category's label if it is relevant, else {@code 'other'}, as an SQL string literal. */
    private static String label(StoredValueCategory category, Set<StoredValueCategory> relevant) {
        return "'" + (relevant.contains(category) ? category.label() : "other") + "'";
    }

    private static Operand operand(Expression expression) throws Untranslatable {
        if (expression instanceof Literal literal) {
            Object value = literal.value();
            if (value instanceof String string) {
                return Operand.typed(STRING, new SqlFragment.Builder().parameter(storable(string)).build(), false,
                        null);
            }
            if (value instanceof Long exact) {
                return Operand.typed(EXACT, fragment(exact < 0 ? "(" + exact + ")" : exact.toString()), false, null);
            }
            if (value instanceof Double approximate) {
                return Operand.typed(DOUBLE, fragment("CAST('" + approximate + "' AS double precision)"), false,
                        null);
            }
            return Operand.typed(BOOLEAN, value.equals(Boolean.TRUE) ? TRUE : FALSE, false, null);
        }
        if (expression instanceof PropertyReference property) {
            return new Operand(null, null, true, checkedName(property), null);
        }
        if (expression instanceof HeaderReference reference) {
            Header header = reference.header();
            return switch (header) {
                case MESSAGE_ID -> Operand.typed(STRING, fragment("m.message_id"), true, header);
                case CORRELATION_ID -> Operand.typed(STRING, fragment("m.correlation_id"), true, header);
                case TYPE -> Operand.typed(STRING, fragment("m.jms_type"), true, header);
                case DELIVERY_MODE -> Operand.typed(STRING,
                        fragment("(CASE WHEN m.persistent THEN 'PERSISTENT' ELSE 'NON_PERSISTENT' END)"), false,
                        header);
                case PRIORITY -> Operand.typed(EXACT, fragment("m.priority"), false, header);
                case TIMESTAMP -> Operand.typed(EXACT, fragment("m.sent_at"), false, header);
            };
        }
        if (expression.type() == ValueType.BOOLEAN) {
            return Operand.typed(BOOLEAN, condition(expression), true, null);
        }
        throw new Untranslatable("it uses arithmetic, which has no exact SQL equivalent here");
    }

    private static String checkedName(PropertyReference property) throws Untranslatable {
        if (RECEIVE_SIDE_PROPERTIES.contains(property.name())) {
            throw new Untranslatable(property.name() + " is set on receipt and not stored with the message");
        }
        return storable(property.name());
    }

    /** An EXACT value as {@code numeric} (or the column's integer type). */
    private static SqlFragment exact(Operand operand) {
        if (!operand.isProperty()) {
            return operand.value();
        }
        return cast(json(operand.property()), "numeric");
    }

    /** A number of the given category as {@code double precision}, converted as Java converts it. */
    private static SqlFragment approximate(Operand operand, StoredValueCategory category) {
        if (!operand.isProperty()) {
            if (operand.fixed() == DOUBLE) {
                return operand.value();
            }
            return new SqlFragment.Builder().append("CAST(").append(operand.value()).append(" AS double precision)")
                    .build();
        }
        SqlFragment json = json(operand.property());
        SqlFragment text = text(operand);
        return switch (category) {
            case EXACT, DOUBLE -> cast(json, "float8");
            case FLOAT -> cast(cast(json, "float4"), "float8");
            case DOUBLE_TEXT -> cast(text, "float8");
            case FLOAT_TEXT -> cast(cast(text, "float4"), "float8");
            default -> throw new IllegalArgumentException("Not a number category: " + category);
        };
    }

    private static SqlFragment text(Operand operand) {
        if (!operand.isProperty()) {
            return operand.value();
        }
        return fragment("(m.properties ->> " + SqlFragment.quote(operand.property()) + ")");
    }

    private static SqlFragment bool(Operand operand) {
        return operand.isProperty() ? cast(json(operand.property()), "boolean") : operand.value();
    }

    /**
     * The property's jsonb value. Names are written into the SQL (as escape strings, so safely) rather than bound,
     * as a comparison repeats them in every branch; literal values stay parameters.
     */
    private static SqlFragment json(String property) {
        return fragment("(m.properties -> " + SqlFragment.quote(property) + ")");
    }

    private static SqlFragment cast(SqlFragment value, String type) {
        return new SqlFragment.Builder().append("(").append(value).append(")::" + type).build();
    }

    private static SqlFragment binary(SqlFragment left, String operator, SqlFragment right) {
        return new SqlFragment.Builder().append("(").append(left).append(operator).append(right).append(")").build();
    }

    private static SqlFragment negate(SqlFragment condition) {
        return new SqlFragment.Builder().append("(NOT ").append(condition).append(")").build();
    }

    private static SqlFragment fragment(String sql) {
        return new SqlFragment.Builder().append(sql).build();
    }

    /** {@code value} if PostgreSQL text can hold it unchanged. */
    private static String storable(String value) throws Untranslatable {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw new Untranslatable("the string '" + value + "' contains U+0000, which PostgreSQL text cannot"
                        + " hold");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new Untranslatable("the string '" + value + "' contains an unpaired surrogate, which"
                        + " PostgreSQL text cannot hold");
            }
        }
        return value;
    }
}
