package dev.sluice.jms.internal.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A piece of PostgreSQL with JDBC-style {@code ?} placeholders and the values to bind to them, in order. The
 * placeholders are the only question marks in {@link #sql()}, and every parameter is a {@link String} (property
 * names, string literals, LIKE patterns): bind them with {@code setString} or Jdbi's positional binding. Where a
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
public record SqlFragment(String sql, List<Object> parameters) {

    /** A fragment of literal SQL with no parameters. */
    static final SqlFragment TRUE = new SqlFragment("TRUE", List.of());

    /**
     * @throws IllegalArgumentException if the number of {@code ?} in {@code sql} differs from the number of
     *     parameters
     */
    public SqlFragment {
        Objects.requireNonNull(sql, "sql");
        parameters = List.copyOf(parameters);
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != parameters.size()) {
            throw new IllegalArgumentException("SQL fragment has " + placeholders + " placeholders but "
                    + parameters.size() + " parameters: " + sql);
        }
    }

    /**
     * The SQL with each placeholder replaced by its value as a PostgreSQL escape string ({@code E'...'}, quotes
     * doubled, backslashes doubled), which reads the same whatever {@code standard_conforming_strings} is. The
     * values may contain {@code ?} (regular expressions do), so run the result as a plain statement or through a
     * parser that skips string literals, as PgJDBC and Jdbi do.
     */
    public String inline() {
        StringBuilder out = new StringBuilder(sql.length() + 16 * parameters.size());
        int parameter = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '?') {
                out.append(quote(String.valueOf(parameters.get(parameter++))));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code value} as a PostgreSQL escape string literal. */
    static String quote(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Builds a fragment piece by piece, keeping placeholders and parameters in step. Not thread-safe. */
    static final class Builder {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        Builder append(String text) {
            if (text.indexOf('?') >= 0) {
                throw new IllegalArgumentException("Literal SQL must not contain '?': " + text);
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

        SqlFragment build() {
            return new SqlFragment(sql.toString(), parameters);
        }
    }
}
