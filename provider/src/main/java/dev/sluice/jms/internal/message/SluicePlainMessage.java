package dev.sluice.jms.internal.message;

/**
 * A message with headers and properties and no body, as {@code Session.createMessage()} makes (Jakarta Messaging
 * 3.1, section 3.11). {@link #getBody} returns null for any type.
 *
 * <p>Not thread-safe: one thread uses a message at a time.
 */
public class SluicePlainMessage extends SluiceMessage {

    public SluicePlainMessage() {
    }

    @Override
    public int bodyTypeCode() {
        return BodyType.PLAIN.code();
    }

    @Override
    void makeBodyReadOnly() {
    }

    /** There is no body to clear. */
    @Override
    public void clearBody() {
    }

    /** A message without a body returns null for any type. */
    @Override
    public <T> T getBody(Class<T> type) {
        return null;
    }

    /** Any type is assignable from a message without a body. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public boolean isBodyAssignableTo(Class type) {
        return true;
    }
}
