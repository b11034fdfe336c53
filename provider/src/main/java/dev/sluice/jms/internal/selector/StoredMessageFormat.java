package dev.sluice.jms.internal.selector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What the SQL translation relies on about how the message codec ({@code dev.sluice.jms.internal.message.MessageCodec}
 * and its {@code PropertiesJson}) writes a row of {@code sluice.message}, in one place so that a change of the
 * stored form has one place to follow. The selector tests write rows with that codec, so a change that breaks these
 * assumptions fails them.
 * <ul>
 *   <li>{@code properties} (jsonb): booleans, strings and numbers as themselves, except that a Float is written in
 *       its float form ({@code 0.1} for {@code 0.1f}), NaN/Infinity/-Infinity/-0.0 of a Float or Double as a JSON
 *       string ({@code "NaN"}, {@code "-0.0"}), a String holding U+0000 or an unpaired surrogate as the Base64 of
 *       its modified UTF-8 bytes, and a String property set to null as JSON null;</li>
 *   <li>{@code property_types}: a comma-separated list of {@code <code>:<name>} entries, {@code ,} and {@code \}
 *       in a name escaped with {@code \}, codes {@code b s i j f d} for byte, short, int, long, float, double and
 *       {@code x} for a Base64-escaped String; a number without an entry reads as a long when its JSON text is an
 *       integer in the long range, else as a double;</li>
 *   <li>{@code correlation_id}: a String as it is, or with {@code #text:} before it when it starts with
 *       {@code #bytes:} or {@code #text:}; bytes as {@code #bytes:} and lowercase hex, read back as a String by
 *       decoding them as UTF-8 (malformed input becoming U+FFFD).</li>
 * </ul>
 * Rows that break these rules are outside the guarantee: for example an untyped number beyond the double range,
 * which Sluice never writes, makes PostgreSQL's conversion to {@code double precision} fail the query.
 *
 * <p>Stateless and thread-safe.
 */
final class StoredMessageFormat {

    private static final String BYTES_PREFIX = "#bytes:";
    private static final String TEXT_PREFIX = "#text:";
    private static final HexFormat HEX = HexFormat.of();

    /** One character of modified UTF-8, as lowercase hex, with a surrogate pair counted as one character. */
    private static final String HEX_CONTINUATION = "[89ab][0-9a-f]";
    private static final String HEX_HIGH_SURROGATE = "eda[0-9a-f]" + HEX_CONTINUATION;
    private static final String HEX_LOW_SURROGATE = "edb[0-9a-f]" + HEX_CONTINUATION;
    private static final String HEX_CHARACTER = "(?:"
            + "[0-7][0-9a-f]"
            + "|[cd][0-9a-f]" + HEX_CONTINUATION
            + "|(?:e[0-9a-ce-f]" + HEX_CONTINUATION + "|ed[89][0-9a-f])" + HEX_CONTINUATION
            + "|" + HEX_HIGH_SURROGATE + HEX_LOW_SURROGATE
            + "|" + HEX_HIGH_SURROGATE + "(?!" + HEX_LOW_SURROGATE + ")"
            + "|" + HEX_LOW_SURROGATE
            + ")";

    private StoredMessageFormat() {
    }

    /**
     * A PostgreSQL regular expression whose first capture group is the type code of property {@code name} in a
     * {@code property_types} list. An entry starts at the beginning or after a separating comma, one preceded by an
     * even number of backslashes (escaped backslashes) after a character that is not a backslash.
     */
    static String typeCodePattern(String name) {
        StringBuilder escapedName = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',' || c == '\\') {
                escapedName.append('\\');
            }
            escapedName.append(c);
        }
        return "(?:^|[^\\\\](?:\\\\\\\\)*,)([bsijfdx]):" + regexLiteral(escapedName.toString()) + "(?:,|$)";
    }

    /** {@code text} matched literally by a PostgreSQL advanced regular expression. */
    private static String regexLiteral(String text) {
        StringBuilder regex = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (!Character.isLetterOrDigit(c) && c < 128) {
                regex.append('\\');
            }
            regex.appendCodePoint(c);
        });
        return regex.toString();
    }

    /**
     * The {@code correlation_id} values that read back as the String {@code correlationId}: its text form, and the
     * hex of its UTF-8 bytes. Only valid for a String without U+FFFD (which malformed bytes also decode to) that
     * PostgreSQL text can hold.
     */
    static List<String> storedCorrelationIds(String correlationId) {
        List<String> forms = new ArrayList<>(2);
        boolean prefixed = correlationId.startsWith(BYTES_PREFIX) || correlationId.startsWith(TEXT_PREFIX);
        forms.add(prefixed ? TEXT_PREFIX + correlationId : correlationId);
        forms.add(BYTES_PREFIX + HEX.formatHex(correlationId.getBytes(StandardCharsets.UTF_8)));
        return forms;
    }

    /**
     * A PostgreSQL regular expression that matches the lowercase hex of a string's modified UTF-8 bytes exactly
     * when the string matches {@code pattern}: for the Base64-escaped strings, whose text SQL cannot decode.
     */
    static String escapedStringRegex(LikePattern pattern) {
        StringBuilder regex = new StringBuilder("^");
        for (int element : pattern.elements()) {
            if (element == LikePattern.ANY_ONE) {
                regex.append(HEX_CHARACTER);
            } else if (element == LikePattern.ANY_SEQUENCE) {
                regex.append(HEX_CHARACTER).append('*');
            } else {
                for (char c : Character.toChars(element)) {
                    regex.append(modifiedUtf8Hex(c));
                }
            }
        }
        return regex.append('$').toString();
    }

    private static String modifiedUtf8Hex(char c) {
        if (c != 0 && c < 0x80) {
            return HEX.toHexDigits((byte) c);
        }
        if (c < 0x800) {
            return HEX.toHexDigits((byte) (0xC0 | (c >> 6))) + HEX.toHexDigits((byte) (0x80 | (c & 0x3F)));
        }
        return HEX.toHexDigits((byte) (0xE0 | (c >> 12))) + HEX.toHexDigits((byte) (0x80 | ((c >> 6) & 0x3F)))
                + HEX.toHexDigits((byte) (0x80 | (c & 0x3F)));
    }
}
