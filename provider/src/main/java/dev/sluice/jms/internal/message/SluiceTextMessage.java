package dev.sluice.jms.internal.message;

import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.TextMessage;

/**
 * A message whose body is a String (Jakarta Messaging 3.1, section 3.11); the log stores it in UTF-8.
 *
 * <p>Not thread-safe: one thread uses a message at a time.
 */
public class SluiceTextMessage extends SluiceMessage implements TextMessage {

    private String text;
    private boolean bodyReadOnly;

    public SluiceTextMessage() {
    }

    /** A writable text message with this body. */
    public SluiceTextMessage(String text) {
        this.text = text;
    }

    @Override
    public int bodyTypeCode() {
        return BodyType.TEXT.code();
    }

    @Override
    void makeBodyReadOnly() {
        bodyReadOnly = true;
    }

    @Override
    public void setText(String text) throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw bodyNotWriteable("TextMessage");
        }
        this.text = text;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    public void clearBody() {
        text = null;
        bodyReadOnly = false;
    }

    /**
     * @throws MessageFormatException if there is a text and {@code type} is not String or a supertype of it
     */
    @Override
    public <T> T getBody(Class<T> type) throws MessageFormatException {
        if (text == null) {
            return null;
        }
        if (!type.isAssignableFrom(String.class)) {
            throw new MessageFormatException("The body of this TextMessage is a String, which cannot be assigned to "
                    + type.getName() + "; ask for String.class");
        }
        return type.cast(text);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public boolean isBodyAssignableTo(Class type) {
        return text == null || type.isAssignableFrom(String.class);
    }
}
