package dev.sluice.db.security;

import dev.sluice.db.log.DestinationName;
import dev.sluice.db.log.InvalidDestinationNameException;

/**
 * The rule for grant patterns: a destination name ({@code orders}), a prefix of names followed by {@code *}
 * ({@code orders.*} covers {@code orders.eu} and {@code orders.eu.v2}, not {@code orders}), or {@code *} alone
 * (every name). The database matches them the same way ({@code sluice.pattern_covers}).
 */
public final class DestinationPattern {

    private DestinationPattern() {
    }

    /** Returns {@code pattern} when valid, else throws {@link IllegalArgumentException} saying why. */
    public static String validate(String pattern) {
        if ("*".equals(pattern)) {
            return pattern;
        }
        String prefix = pattern != null && pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
        try {
            DestinationName.validate(prefix);
        } catch (InvalidDestinationNameException e) {
            throw new IllegalArgumentException("Pattern " + DestinationName.quoted(pattern) + " is neither a"
                    + " destination name, nor a name prefix followed by '*', nor '*': " + e.getMessage(), e);
        }
        return pattern;
    }
}
