package dev.sluice.jms.internal.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A piece of PostgreSQL with JDBC-style {@code ?} placeholders and the values to bind to them, in order. Every
 * parameter is a {@link String} (the selector's string literals, LIKE patterns and regular expressions derived from
 * them): bind them with {@code setString} or Jdbi's positional binding. Property names, which are identifiers, are
 * written into the SQL as escape-string literals, so {@link #sql()} may hold {@code ?} inside string literals (in
 * regular expressions) besides the placeholders; PgJDBC and Jdbi skip string literals when they look for
 * placeholders. Where a
 * statement cannot take positional parameters (it uses named ones, or it is a view), {@link #inline()} gives the
 * same SQL with the values written as escape-string literals.
 *
 * <p>A selector's fragment is a boolean expression over the columns of {@code sluice.message} aliased {@code m}:
 * <pre>{@code
 * SqlFragment where = selector.toSql().orElseThrow();
 * handle.createQuery("select log_offset from sluice.message m where destination_id = ? and " + where.sql())
 *       .bind(0, destinationId) ...  // then where.parameters() from position 1 on
 * }</pre>
 * Immutable and thread-safe.
 */
public final class SqlFragment {

    /** A fragment of literal SQL with no parameters. */
    static final SqlFragment TRUE = new SqlFragment("TRUE", List.of(), false);

    private final String sql;
    private final List<Object> parameters;

    /**
     * @throws IllegalArgumentException if the number of {@code ?} outside string literals in {@code sql} differs
     *     from the number of parameters
     */
    public SqlFragment(String sql, List<Object> parameters) {
        this(Objects.requireNonNull(sql, "sql"), List.copyOf(parameters), true);
    }

    private SqlFragment(String sql, List<Object> parameters, boolean check) {
        if (check) {
            int placeholders = placeholderPositions(sql).size();
            if (placeholders != parameters.size()) {
                throw new IllegalArgumentException("SQL fragment has " + placeholders + " placeholders but "
                        + parameters.size() + " parameters: " + sql);
            }
        }
        this.sql = sql;
        this.parameters = parameters;
    }

    /** The SQL text, with a {@code ?} for each parameter. */
    public String sql() {
        return sql;
    }

    /** The values of the placeholders, in order; unmodifiable. */
    public List<Object> parameters() {
        return parameters;
    }

    /**
     * Where the placeholders are: every {@code ?} outside a string literal. Literals are single-quoted, with quotes
     * doubled inside; in an escape string ({@code E'...'}) a backslash also escapes the next character.
     */
    private static List<Integer> placeholderPositions(String sql) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '?') {
                positions.add(i);
            } else if (c == '\'') {
                boolean escapeString = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                for (i++; i < sql.length(); i++) {
                    char inside = sql.charAt(i);
                    if (escapeString && inside == '\\') {
                        i++;
                    } else if (inside == '\'') {
                        if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                            i++;
                        } else {
                            break;
                        }
                    }
                }
            }
        }
        return positions;
    }

    /**
     * The SQL with each placeholder replaced by its value as a PostgreSQL escape string ({@code E'...'}, quotes
     * doubled, backslashes doubled), which reads the same whatever {@code standard_conforming_strings} is. Run the
     * result as a plain statement or through a parser that skips string literals, as PgJDBC and Jdbi do.
     */
    public String inline() {
        StringBuilder out = new StringBuilder(sql.length() + 16 * parameters.size());
        int from = 0;
        int parameter = 0;
        for (int position : placeholderPositions(sql)) {
            out.append(sql, from, position).append(quote(String.valueOf(parameters.get(parameter++))));
            from = position + 1;
        }
        return out.append(sql, from, sql.length()).toString();
    }

    /** {@code value} as a PostgreSQL escape string literal. */
    static String quote(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SqlFragment that && sql.equals(that.sql) && parameters.equals(that.parameters);
    }

    @Override
    public int hashCode() {
        return sql.hashCode() * 31 + parameters.hashCode();
    }

    @Override
    public String toString() {
        return "SqlFragment[sql=" + sql + ", parameters=" + parameters + "]";
    }

    /**
     * Builds a fragment piece by piece, keeping placeholders and parameters in step: literal text is checked for
     * stray placeholders as it is appended, so the result needs no second look. Not thread-safe.
     */
    static final class Builder {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        Builder append(String text) {
            if (!placeholderPositions(text).isEmpty()) {
                throw new IllegalArgumentException("Literal SQL must not contain '?' outside string literals: "
                        + text);
            }
            sql.append(text);
            return this;
        }

        Builder append(SqlFragment fragment) {
            sql.append(fragment.sql());
            parameters.addAll(fragment.parameters());
            return this;
        }

        /** Appends a placeholder bound to {@code value}. */
        Builder parameter(String value) {
            sql.append('?');
            parameters.add(value);
            return this;
        }

        /** Characters so far. */
        int length() {
            return sql.length();
        }

        SqlFragment build() {
            return new SqlFragment(sql.toString(), List.copyOf(parameters), false);
        }
    }
}
