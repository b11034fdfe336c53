package dev.sluice.jms.internal.message;

import dev.sluice.jms.SluiceDestination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;

/** The delete rule shared by {@link SluiceTemporaryQueue} and {@link SluiceTemporaryTopic}. Stateless. */
final class TemporaryDestinations {

    private TemporaryDestinations() {
    }

    static void delete(SluiceDestination destination, TemporaryDestinationOwner owner) throws JMSException {
        if (owner == null) {
            throw new IllegalStateException("Cannot delete " + destination + ": only the connection that created it "
                    + "can delete it, and this object was not made by that connection (it came from a message's "
                    + "JMSReplyTo, JNDI or deserialisation)");
        }
        owner.deleteTemporary(destination);
    }
}
