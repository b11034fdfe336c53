package dev.sluice.jms.internal.message;

/**
 * The kinds of message body (Jakarta Messaging 3.1, section 3.11) and the codes the log's {@code body_type} column
 * stores for them. The codes are part of the stored format: never renumber them.
 *
 * <p>Immutable and thread-safe.
 */
public enum BodyType {
    /** A {@code Message} without a body, from {@code Session.createMessage()}. */
    PLAIN(0),
    /** A {@code TextMessage}; the stored body is the text in UTF-8. */
    TEXT(1),
    /** A {@code BytesMessage}; the stored body is its bytes. */
    BYTES(2),
    /** A {@code MapMessage}; the stored body is in {@link TypedValueFormat}. */
    MAP(3),
    /** A {@code StreamMessage}; the stored body is in {@link TypedValueFormat}. */
    STREAM(4),
    /** An {@code ObjectMessage}; the stored body is the object in Java serialisation. */
    OBJECT(5);

    private static final BodyType[] BY_CODE = values();

    private final int code;

    BodyType(int code) {
        this.code = code;
    }

    /** The value of the {@code body_type} column. */
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException if no body type has this code
     */
    public static BodyType fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("Unknown message body type code " + code + ": expected 0 (plain), "
                    + "1 (text), 2 (bytes), 3 (map), 4 (stream) or 5 (object)");
        }
        return BY_CODE[code];
    }
}
