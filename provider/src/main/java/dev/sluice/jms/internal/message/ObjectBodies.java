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
 * {@link ObjectMessageAllowList} allows, through a per-stream {@link ObjectInputFilter} that also consults the
 * JVM-wide filter. Classes are loaded by the thread's context class loader first (application servers), then by
 * Sluice's.
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
        AllowListFilter filter = new AllowListFilter(allowList);
        try (ContextClassLoaderObjectInputStream in =
                     new ContextClassLoaderObjectInputStream(new ByteArrayInputStream(body))) {
            filter.previous = in.getObjectInputFilter();
            in.setObjectInputFilter(filter);
            return (Serializable) in.readObject();
        } catch (InvalidClassException e) {
            if (filter.rejected != null) {
                throw withCause(new MessageFormatException(rejectionMessage(filter, allowList)), e);
            }
            throw withCause(new MessageFormatException("Cannot deserialise the ObjectMessage body: class "
                    + e.classname + " is not compatible with the sender's version (" + e.getMessage() + ")"), e);
        } catch (ClassNotFoundException e) {
            throw withCause(new MessageFormatException("Cannot deserialise the ObjectMessage body: it contains class "
                    + e.getMessage() + ", which this JVM cannot load; put it on the consumer's class path"), e);
        } catch (IOException | RuntimeException e) {
            throw withCause(new MessageFormatException("Cannot deserialise the ObjectMessage body ("
                    + body.length + " bytes): " + e), e);
        }
    }

    private static String rejectionMessage(AllowListFilter filter, ObjectMessageAllowList allowList) {
        if (filter.rejectedByJvmFilter) {
            return "Cannot deserialise the ObjectMessage body: it contains class " + filter.rejected
                    + ", which the JVM-wide serialisation filter (jdk.serialFilter) rejects";
        }
        return "Cannot deserialise the ObjectMessage body: it contains class " + filter.rejected + ", which is not "
                + "on the ObjectMessage allow-list (" + allowList + "). If its senders are trusted, add the class or "
                + "its package to the allow-list (setting " + ObjectMessageAllowList.SETTING_NAME + ", a "
                + "comma-separated list such as 'com.acme.orders,com.acme.Invoice'; '*' allows every class)";
    }

    private static MessageFormatException withCause(MessageFormatException exception, Exception cause) {
        exception.setLinkedException(cause);
        exception.initCause(cause);
        return exception;
    }

    /** Rejects classes off the allow-list and remembers the first one; defers to the JVM-wide filter first. */
    private static final class AllowListFilter implements ObjectInputFilter {
        private final ObjectMessageAllowList allowList;
        private ObjectInputFilter previous;
        private String rejected;
        private boolean rejectedByJvmFilter;

        AllowListFilter(ObjectMessageAllowList allowList) {
            this.allowList = allowList;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            Status status = previous == null ? Status.UNDECIDED : previous.checkInput(info);
            Class<?> type = info.serialClass();
            if (status == Status.REJECTED) {
                if (rejected == null) {
                    rejected = type == null ? "(a graph limit)" : type.getName();
                    rejectedByJvmFilter = true;
                }
                return Status.REJECTED;
            }
            if (type != null && !allowList.allows(type)) {
                if (rejected == null) {
                    rejected = type.getName();
                }
                return Status.REJECTED;
            }
            return status;
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
