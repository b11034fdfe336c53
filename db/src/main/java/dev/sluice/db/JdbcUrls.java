package dev.sluice.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where a JDBC URL, or any text that may contain one, is made fit to show: in thread names, log
 * lines, exception messages, {@code toString()} and command output. Passwords are replaced by {@value #MASK}:
 * the value of every parameter whose name ends in {@code password} (so {@code password} and {@code sslpassword}),
 * in any case and in any position, also when the name or the value is URL-encoded, and the password of a
 * {@code //user:password@host} part. Stateless and thread-safe.
 */
public final class JdbcUrls {

    /** What a password is shown as. */
    public static final String MASK = "***";

    /**
     * A parameter name just before its {@code =}; the value is not part of the match, so that a URL inside
     * another parameter's value ({@code url=jdbc:...?password=x}) is still looked at.
     */
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.%\\-]+(?==)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^/@\\s]+@");

    private JdbcUrls() {
    }

    /** {@code text} with every password masked; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
        StringBuilder result = new StringBuilder(masked.length());
        Matcher name = PARAMETER_NAME.matcher(masked);
        int copied = 0;
        while (name.find(copied)) {
            int valueStart = name.end() + 1;
            if (!isPasswordName(name.group())) {
                result.append(masked, copied, valueStart);
                copied = valueStart;
                continue;
            }
            int valueEnd = valueEnd(masked, valueStart);
            result.append(masked, copied, valueStart).append(MASK);
            copied = valueEnd;
        }
        return result.append(masked, copied, masked.length()).toString();
    }

    /**
     * Where a value ends: at the next parameter, at whitespace, or before a colon that ends the URL inside a
     * sentence ("at jdbc:...?password=x: FATAL ...").
     */
    private static int valueEnd(String text, int start) {
        int end = start;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (c == '&' || Character.isWhitespace(c)
                    || (c == ':' && (end + 1 == text.length() || Character.isWhitespace(text.charAt(end + 1))))) {
                return end;
            }
            end++;
        }
        return end;
    }

    private static boolean isPasswordName(String name) {
        String decoded;
        try {
            decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            decoded = name;
        }
        return decoded.toLowerCase(Locale.ROOT).endsWith("password");
    }
}
