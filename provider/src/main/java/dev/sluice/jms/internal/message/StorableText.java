package dev.sluice.jms.internal.message;

/**
 * Checks that a String header or a text body can be stored exactly: PostgreSQL text cannot hold U+0000, and UTF-8
 * cannot encode an unpaired surrogate (Java's encoder would silently write '?' instead). Refusing at send, with the
 * field named, keeps the failure with the sender of that message. (String properties need no check: the codec
 * stores such values in an escaped form.) Stateless.
 */
final class StorableText {

    private StorableText() {
    }

    /** Returns {@code value}; throws IllegalArgumentException naming {@code field} when it cannot be stored. */
    static String header(String field, String value) {
        if (value != null) {
            int nul = value.indexOf('\u0000');
            if (nul >= 0) {
                throw new IllegalArgumentException(field + " contains U+0000 (NUL) at index " + nul
                        + ", which PostgreSQL text cannot store");
            }
            checkSurrogates(field, value);
        }
        return value;
    }

    /** Returns {@code text}; throws IllegalArgumentException when it holds an unpaired surrogate. */
    static String body(String text) {
        if (text != null) {
            checkSurrogates("The text body", text);
        }
        return text;
    }

    private static void checkSurrogates(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(field + " contains an unpaired surrogate U+"
                        + String.format("%04X", (int) c) + " at index " + i + ", which UTF-8 cannot encode");
            }
        }
    }
}
