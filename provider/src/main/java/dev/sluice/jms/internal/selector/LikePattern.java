package dev.sluice.jms.internal.selector;

import java.util.Arrays;

/**
 * A compiled LIKE pattern (Jakarta Messaging 3.1 section 3.8.1.1): {@code _} stands for any single character,
 * {@code %} for any sequence of characters including none, the optional escape character makes the character after
 * it stand for itself, and every other character stands for itself. Characters are Unicode code points, so
 * {@code _} matches one supplementary character as PostgreSQL's LIKE does; matching is case-sensitive and
 * {@code %} spans line breaks.
 *
 * <p>Matching is the classic wildcard scan that backtracks only to the most recent {@code %}, so it takes
 * O(pattern x value) time at worst and cannot blow up the way a translated regular expression can. Immutable and
 * thread-safe.
 */
final class LikePattern {

    /** An element standing for any single character. */
    static final int ANY_ONE = -1;
    /** An element standing for any sequence of characters. */
    static final int ANY_SEQUENCE = -2;

    private final String source;
    private final Integer escape;
    /** Code points to match literally, or {@link #ANY_ONE} / {@link #ANY_SEQUENCE}. */
    private final int[] elements;

    private LikePattern(String source, Integer escape, int[] elements) {
        this.source = source;
        this.escape = escape;
        this.elements = elements;
    }

    /**
     * Compiles {@code pattern}, with {@code escape} (a code point) or null for none.
     *
     * @throws IllegalArgumentException if the pattern ends with the escape character, saying so
     */
    static LikePattern compile(String pattern, Integer escape) {
        int[] codePoints = pattern.codePoints().toArray();
        int[] elements = new int[codePoints.length];
        int count = 0;
        for (int i = 0; i < codePoints.length; i++) {
            int c = codePoints[i];
            if (escape != null && c == escape) {
                if (i + 1 == codePoints.length) {
                    throw new IllegalArgumentException("the LIKE pattern '" + pattern
                            + "' ends with its escape character '" + new String(Character.toChars(c)) + "'");
                }
                elements[count++] = codePoints[++i];
            } else if (c == '_') {
                elements[count++] = ANY_ONE;
            } else if (c == '%') {
                elements[count++] = ANY_SEQUENCE;
            } else {
                elements[count++] = c;
            }
        }
        return new LikePattern(pattern, escape, Arrays.copyOf(elements, count));
    }

    /**
     * The pattern as a sequence of elements: a code point to match literally, {@link #ANY_ONE} or
     * {@link #ANY_SEQUENCE}. A copy.
     */
    int[] elements() {
        return elements.clone();
    }

    /** True if the whole of {@code value} matches. */
    boolean matches(String value) {
        int[] text = value.codePoints().toArray();
        int t = 0;
        int p = 0;
        int lastSequence = -1;
        int resumeAt = 0;
        while (t < text.length) {
            if (p < elements.length && (elements[p] == ANY_ONE || elements[p] == text[t])) {
                t++;
                p++;
            } else if (p < elements.length && elements[p] == ANY_SEQUENCE) {
                lastSequence = p++;
                resumeAt = t;
            } else if (lastSequence >= 0) {
                p = lastSequence + 1;
                t = ++resumeAt;
            } else {
                return false;
            }
        }
        while (p < elements.length && elements[p] == ANY_SEQUENCE) {
            p++;
        }
        return p == elements.length;
    }

    /**
     * The same pattern for PostgreSQL's {@code LIKE ... ESCAPE '\'}: wildcards as they are, every literal
     * {@code \}, {@code %} and {@code _} preceded by a backslash.
     */
    String toPostgresPattern() {
        StringBuilder sql = new StringBuilder();
        for (int element : elements) {
            if (element == ANY_ONE) {
                sql.append('_');
            } else if (element == ANY_SEQUENCE) {
                sql.append('%');
            } else {
                if (element == '\\' || element == '%' || element == '_') {
                    sql.append('\\');
                }
                sql.appendCodePoint(element);
            }
        }
        return sql.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LikePattern that && source.equals(that.source)
                && java.util.Objects.equals(escape, that.escape);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + java.util.Objects.hashCode(escape);
    }

    @Override
    public String toString() {
        return escape == null ? "'" + source + "'"
                : "'" + source + "' ESCAPE '" + new String(Character.toChars(escape)) + "'";
    }
}
