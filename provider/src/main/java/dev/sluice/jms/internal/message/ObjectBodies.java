package dev.sluice.jms.internal.message;

import jakarta.jms.MessageFormatException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * Java serialisation of {@code ObjectMessage} bodies. Serialising happens when the application sets the object, so
 * the message holds a snapshot (the {@code ObjectMessage.setObject} contract); deserialising loads only classes the
 * {@link ObjectMessageAllowList} allows, in a graph within its {@link ObjectGraphLimits}, through a per-stream
 * {@link ObjectInputFilter} that also consults the JVM-wide filter. Classes are loaded by the thread's context class
 * loader first (application servers), then by Sluice's.
 *
 * <p>Stateless and thread-safe.
 */
final class ObjectBodies {

    private ObjectBodies() {
    }

    static byte[] serialize(Serializable object) throws MessageFormatException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw withCause(new MessageFormatException("Cannot serialise the ObjectMessage body, a "
                    + object.getClass().getName() + ": " + e), e);
        }
        return bytes.toByteArray();
    }

    static Serializable deserialize(byte[] body, ObjectMessageAllowList allowList) throws MessageFormatException {
        // The filter only sees the bytes read so far; a body that is too long is refused before reading any.
        String tooLong = allowList.limits().exceededBy(body.length);
        if (tooLong != null) {
            throw new MessageFormatException(limitMessage(tooLong));
        }
        RefusingFilter filter = new RefusingFilter(allowList);
        try (ContextClassLoaderObjectInputStream in =
                     new ContextClassLoaderObjectInputStream(new ByteArrayInputStream(body))) {
            filter.previous = in.getObjectInputFilter();
            in.setObjectInputFilter(filter);
            return (Serializable) in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            // A class's readObject may wrap the filter's InvalidClassException; the filter knows the reason.
            if (filter.refusal != null) {
                throw withCause(new MessageFormatException(filter.refusal), e);
            }
            if (e instanceof InvalidClassException incompatible) {
                throw withCause(new MessageFormatException("Cannot deserialise the ObjectMessage body: class "
                        + incompatible.classname + " is not compatible with the sender's version ("
                        + e.getMessage() + ")"), e);
            }
            if (e instanceof ClassNotFoundException) {
                throw withCause(new MessageFormatException("Cannot deserialise the ObjectMessage body: it contains "
                        + "class " + e.getMessage() + ", which this JVM cannot load; put it on the consumer's class "
                        + "path"), e);
            }
            throw withCause(new MessageFormatException("Cannot deserialise the ObjectMessage body ("
                    + body.length + " bytes): " + e), e);
        }
    }

    private static String limitMessage(String exceeded) {
        return "Cannot deserialise the ObjectMessage body: " + exceeded + ". If its senders are trusted and such "
                + "objects expected, raise that setting";
    }

    private static String offTheListMessage(String className, ObjectMessageAllowList allowList) {
        return "Cannot deserialise the ObjectMessage body: it contains class " + className + ", which is not "
                + "on the ObjectMessage allow-list (" + allowList + "). If its senders are trusted, add the class or "
                + "its package to the allow-list (setting " + ObjectMessageAllowList.SETTING_NAME + ", a "
                + "comma-separated list such as 'com.acme.orders,com.acme.Invoice'; '*' allows every class)";
    }

    private static MessageFormatException withCause(MessageFormatException exception, Exception cause) {
        exception.setLinkedException(cause);
        exception.initCause(cause);
        return exception;
    }

    /**
     * Defers to the JVM-wide filter first, then rejects a graph beyond the limits and a class off the allow-list,
     * and keeps the first reason as the error message. The stream calls it for each class, array, object and back
     * reference (strings aside), so a limit stops the stream at the first of those beyond it.
     */
    private static final class RefusingFilter implements ObjectInputFilter {
        private final ObjectMessageAllowList allowList;
        private ObjectInputFilter previous;
        private String refusal;

        RefusingFilter(ObjectMessageAllowList allowList) {
            this.allowList = allowList;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            Status status = previous == null ? Status.UNDECIDED : previous.checkInput(info);
            Class<?> type = info.serialClass();
            String reason = null;
            if (status == Status.REJECTED) {
                reason = "Cannot deserialise the ObjectMessage body: it contains "
                        + (type == null ? "a graph beyond a limit" : "class " + type.getName())
                        + ", which the JVM-wide serialisation filter (jdk.serialFilter) rejects";
            } else {
                String exceeded = allowList.limits().exceededBy(info);
                if (exceeded != null) {
                    reason = limitMessage(exceeded);
                } else if (type != null && !allowList.allows(type)) {
                    reason = offTheListMessage(type.getName(), allowList);
                }
            }
            if (reason == null) {
                return status;
            }
            if (refusal == null) {
                refusal = reason;
            }
            return Status.REJECTED;
        }
    }

    /** Resolves classes with the thread's context class loader before the default one. */
    private static final class ContextClassLoaderObjectInputStream extends ObjectInputStream {

        ContextClassLoaderObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(description.getName(), false, loader);
                } catch (ClassNotFoundException notThere) {
                    // fall back to the default resolution below
                }
            }
            return super.resolveClass(description);
        }
    }
}
