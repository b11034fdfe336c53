package dev.sluice.coordination;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns any string (a JMS client ID, a destination name such as {@code logs/web}) into one valid path segment and
 * back, so callers can build paths like {@code "/sluice/clients/" + NodeName.escape(clientId)}. Percent-encodes
 * {@code /}, {@code %}, control characters and a leading {@code .} (so {@code .} and {@code ..} stay names);
 * everything else is kept, so readable names stay readable. Stateless and thread-safe.
 */
public final class NodeName {

    private NodeName() {
    }

    /** One path segment that {@link #unescape} maps back to {@code name}; an empty name becomes {@code %}. */
    public static String escape(String name) {
        if (name.isEmpty()) {
            return "%";
        }
        StringBuilder escaped = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean mustEscape = c == '/' || c == '%' || c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xfffe
                    || c == 0xffff || (i == 0 && c == '.');
            if (mustEscape) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    escaped.append('%').append(String.format("%02X", b & 0xff));
                }
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /**
     * The name {@code segment} was made from by {@link #escape}.
     *
     * @throws IllegalArgumentException when {@code segment} has a malformed escape
     */
    public static String unescape(String segment) {
        if (segment.equals("%")) {
            return "";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); ) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new IllegalArgumentException("Node name '" + segment + "' ends in an incomplete escape");
                }
                try {
                    bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    throw new IllegalArgumentException("Node name '" + segment + "' has a malformed escape at index "
                            + i, e);
                }
                i += 3;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < segment.length()) {
                    encoded = segment.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(encoded, 0, encoded.length);
                i++;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
