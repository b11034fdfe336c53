package dev.sluice.jms.internal.message;

/**
 * Java's "modified UTF-8", the string encoding of {@link java.io.DataOutput#writeUTF}: each UTF-16 char becomes one
 * byte (U+0001..U+007F), two bytes (U+0000 and U+0080..U+07FF) or three bytes (the rest, surrogates included), so
 * every Java String, even one with an unpaired surrogate, round-trips exactly. Used by
 * {@code BytesMessage.writeUTF} and for strings in {@link TypedValueFormat}.
 *
 * <p>Stateless and thread-safe.
 */
final class ModifiedUtf8 {

    private ModifiedUtf8() {
    }

    /** The number of bytes {@link #encode} writes for this string. */
    static long encodedLength(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x800) {
                bytes += 2;
            } else if (c == 0 || c >= 0x80) {
                bytes += 1;
            }
        }
        return bytes;
    }

    /** Writes the encoding of {@code text} into {@code target} from {@code offset}; returns the offset after it. */
    static int encode(String text, byte[] target, int offset) {
        int at = offset;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != 0 && c < 0x80) {
                target[at++] = (byte) c;
            } else if (c < 0x800) {
                target[at++] = (byte) (0xC0 | (c >> 6));
                target[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                target[at++] = (byte) (0xE0 | (c >> 12));
                target[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                target[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }

    /**
     * Decodes {@code length} bytes from {@code offset}.
     *
     * @throws IllegalArgumentException if the bytes are not modified UTF-8, saying where
     */
    static String decode(byte[] source, int offset, int length) {
        char[] chars = new char[length];
        int count = 0;
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int first = source[at] & 0xFF;
            if (first < 0x80) {
                chars[count++] = (char) first;
                at++;
            } else if ((first & 0xE0) == 0xC0) {
                if (at + 1 >= end || (source[at + 1] & 0xC0) != 0x80) {
                    throw malformed(at, offset);
                }
                chars[count++] = (char) (((first & 0x1F) << 6) | (source[at + 1] & 0x3F));
                at += 2;
            } else if ((first & 0xF0) == 0xE0) {
                if (at + 2 >= end || (source[at + 1] & 0xC0) != 0x80 || (source[at + 2] & 0xC0) != 0x80) {
                    throw malformed(at, offset);
                }
                chars[count++] = (char) (((first & 0x0F) << 12) | ((source[at + 1] & 0x3F) << 6)
                        | (source[at + 2] & 0x3F));
                at += 3;
            } else {
                throw malformed(at, offset);
            }
        }
        return new String(chars, 0, count);
    }

    private static IllegalArgumentException malformed(int at, int offset) {
        return new IllegalArgumentException("Malformed modified UTF-8 at byte " + (at - offset) + " of the string");
    }
}
