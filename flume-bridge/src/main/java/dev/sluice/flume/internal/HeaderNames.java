package dev.sluice.flume.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Maps Flume header names to JMS property names and back. A name that is a valid JMS identifier (JMS 3.1 section
 * 3.8.1.1: a Java identifier, not {@code NULL/TRUE/FALSE/NOT/AND/OR/BETWEEN/LIKE/IN/IS/ESCAPE}, not starting with
 * {@code JMS}) and contains no {@code $} is used as it is; any other name becomes {@code flume$} followed by its
 * characters, where each character other than an ASCII letter, digit or underscore is written {@code $hhhh}
 * (its UTF-16 code in hex). Property names containing {@code $} are therefore always encoded ones, which makes
 * the mapping reversible. Stateless and thread-safe.
 */
public final class HeaderNames {

    private static final String PREFIX = "flume$";
    private static final Set<String> RESERVED = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN",
            "LIKE", "IN", "IS", "ESCAPE");

    private HeaderNames() {
    }

    public static String toProperty(String header) {
        if (isPlainIdentifier(header)) {
            return header;
        }
        StringBuilder encoded = new StringBuilder(PREFIX);
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '_')) {
                encoded.append(c);
            } else {
                encoded.append('$').append(String.format(Locale.ROOT, "%04x", (int) c));
            }
        }
        return encoded.toString();
    }

    /** The header of a property name, or null for a property that is not a header (JMSX..., provider's). */
    public static String toHeader(String property) {
        if (property.startsWith("JMS")) {
            return null;
        }
        if (!property.startsWith(PREFIX)) {
            return property;
        }
        StringBuilder decoded = new StringBuilder();
        for (int i = PREFIX.length(); i < property.length(); i++) {
            char c = property.charAt(i);
            if (c == '$' && i + 5 <= property.length()) {
                decoded.append((char) Integer.parseInt(property.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static boolean isPlainIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0)) || name.startsWith("JMS")
                || RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '$' || !Character.isJavaIdentifierPart(c)) {
                return false;
            }
        }
        return true;
    }
}
