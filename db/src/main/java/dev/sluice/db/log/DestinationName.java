package dev.sluice.db.log;

import java.util.regex.Pattern;

/**
 * The rule for destination names: what JMS users write, such as {@code orders}, {@code orders.eu-west.v2} or
 * {@code logs/web}: 1 to 249 ASCII letters, digits, {@code . - _ / :} and {@code $}; case-sensitive.
 */
public final class DestinationName {

    public static final int MAX_LENGTH = 249;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._\\-/:$]+");

    private DestinationName() {
    }

    /** Returns {@code name} when valid, else throws {@link InvalidDestinationNameException} saying why. */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidDestinationNameException(name, "it is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidDestinationNameException(name, "it is longer than " + MAX_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(name).matches()) {
            throw new InvalidDestinationNameException(name,
                    "only ASCII letters (A-Z, a-z), digits and . - _ / : $ are allowed");
        }
        return name;
    }

    /**
     * {@code value} quoted for an error text, cut after 64 characters (with its length said) so that an over-long
     * input is not echoed in full.
     */
    public static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 64 ? "'" + value + "'"
                : "'" + value.substring(0, 64) + "...' (" + value.length() + " characters)";
    }
}
