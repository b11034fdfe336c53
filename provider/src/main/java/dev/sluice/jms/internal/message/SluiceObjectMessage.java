package dev.sluice.jms.internal.message;

import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.ObjectMessage;

import java.io.Serializable;

/**
 * A message whose body is a serialisable Java object (Jakarta Messaging 3.1, section 3.11). The object is
 * serialised when it is set, so the message holds a snapshot and later changes to the object do not affect it; each
 * {@link #getObject()} deserialises a new copy, loading only classes the message's {@link ObjectMessageAllowList}
 * allows (the secure default unless the session or codec gave another). The log stores the serialised bytes.
 *
 * <p>Not thread-safe: one thread uses a message at a time.
 */
public class SluiceObjectMessage extends SluiceMessage implements ObjectMessage {

    /** The serialised object, or null for none. */
    private byte[] serialized;
    private boolean bodyReadOnly;
    private ObjectMessageAllowList allowList;

    /** An empty message that deserialises with the secure default allow-list. */
    public SluiceObjectMessage() {
        this(ObjectMessageAllowList.secureDefault());
    }

    /** An empty message that deserialises only classes {@code allowList} allows. */
    public SluiceObjectMessage(ObjectMessageAllowList allowList) {
        setAllowList(allowList);
    }

    @Override
    public int bodyTypeCode() {
        return BodyType.OBJECT.code();
    }

    @Override
    void makeBodyReadOnly() {
        bodyReadOnly = true;
    }

    /** The classes {@link #getObject()} may load. */
    public ObjectMessageAllowList allowList() {
        return allowList;
    }

    /** Sets the classes {@link #getObject()} may load. */
    public void setAllowList(ObjectMessageAllowList allowList) {
        if (allowList == null) {
            throw new IllegalArgumentException("An ObjectMessage needs an allow-list; use "
                    + "ObjectMessageAllowList.secureDefault() for the default");
        }
        this.allowList = allowList;
    }

    /** Sets a received body, the serialised object or null; the array is not copied. */
    void setReceivedBody(byte[] body) {
        serialized = body;
    }

    /** The serialised object or null, for encoding; do not modify. */
    byte[] serializedBody() {
        return serialized;
    }

    /**
     * Serialises {@code object} now and keeps the bytes.
     *
     * @throws MessageFormatException if it cannot be serialised (a field's class is not Serializable, say)
     */
    @Override
    public void setObject(Serializable object) throws MessageNotWriteableException, MessageFormatException {
        if (bodyReadOnly) {
            throw bodyNotWriteable("ObjectMessage");
        }
        serialized = object == null ? null : ObjectBodies.serialize(object);
    }

    /**
     * Deserialises a new copy of the object, or returns null when there is none.
     *
     * @throws MessageFormatException if it contains a class off the allow-list (naming the class and how to allow
     *                                it), a class this JVM cannot load, or is corrupt
     */
    @Override
    public Serializable getObject() throws MessageFormatException {
        return serialized == null ? null : ObjectBodies.deserialize(serialized, allowList);
    }

    @Override
    public void clearBody() {
        serialized = null;
        bodyReadOnly = false;
    }

    /**
     * Returns {@link #getObject()} as {@code type}, or null when there is no object.
     *
     * @throws MessageFormatException if the object is not a {@code type} or cannot be deserialised
     */
    @Override
    public <T> T getBody(Class<T> type) throws MessageFormatException {
        Serializable object = getObject();
        if (object == null) {
            return null;
        }
        if (!type.isInstance(object)) {
            throw new MessageFormatException("The body of this ObjectMessage is a " + object.getClass().getName()
                    + ", which cannot be assigned to " + type.getName());
        }
        return type.cast(object);
    }

    /** False when the object cannot be deserialised, as the specification says. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public boolean isBodyAssignableTo(Class type) {
        if (serialized == null) {
            return true;
        }
        try {
            return type.isInstance(ObjectBodies.deserialize(serialized, allowList));
        } catch (MessageFormatException cannotDeserialize) {
            return false;
        }
    }
}
