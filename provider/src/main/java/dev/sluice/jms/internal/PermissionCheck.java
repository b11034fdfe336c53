package dev.sluice.jms.internal;

import dev.sluice.db.AccessDeniedException;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.security.DestinationAccess;
import dev.sluice.db.security.Permission;
import dev.sluice.db.security.PermissionDeniedException;
import dev.sluice.jms.SluiceDestination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;

/**
 * Refuses a JMS operation the login may not do on a destination, before anything is created, with a
 * JMSSecurityException naming the role, the destination and the missing permission (JMS 3.1 section 10.1: the
 * provider's security model). One query per check, made where an operation starts (a producer, consumer or browser
 * is created, an anonymous producer first sends to a destination), never per message; none at all for a login
 * that may do everything (the schema's owner, a superuser, a member of sluice_admin: asked once). PostgreSQL
 * enforces the same rules on every statement (row-level security, V13), so a revoke also stops the operations
 * that were allowed before it: {@link #explainSendFailure} turns the refused append into the same exception.
 * Thread-safe.
 */
final class PermissionCheck {

    private final DestinationAccess access;
    private volatile Boolean unrestricted;

    PermissionCheck(DestinationAccess access) {
        this.access = access;
    }

    /**
     * Refuses unless the login may do {@code permission} on {@code destination} and, when {@code createIfAbsent}
     * and it does not exist yet, create it.
     */
    void require(SluiceDestination destination, Permission permission, boolean createIfAbsent) throws JMSException {
        try {
            if (!unrestricted()) {
                access.require(kind(destination), destination.name(), permission, createIfAbsent);
            }
        } catch (PermissionDeniedException e) {
            throw denied(e);
        } catch (RuntimeException e) {
            throw JmsExceptions.toJms("Checking the permission to " + permission.sqlName() + " on " + destination, e);
        }
    }

    /**
     * The JMSSecurityException for a send PostgreSQL refused because the login may not send there (any more),
     * else null. An append without the send permission finds no partition it may move (the policy hides it) or
     * has its row refused.
     */
    JMSException explainSendFailure(SluiceDestination destination, Throwable failure) {
        if (!Backend.destinationVanished(failure) && !AccessDeniedException.causedBy(failure)) {
            return null;
        }
        try {
            require(destination, Permission.SEND, false);
            return null;
        } catch (JMSSecurityException e) {
            if (failure instanceof Exception cause) {
                e.setLinkedException(cause);
            }
            return e;
        } catch (JMSException e) {
            return null;
        }
    }

    private boolean unrestricted() {
        Boolean known = unrestricted;
        if (known == null) {
            known = access.seesEverything();
            unrestricted = known;
        }
        return known;
    }

    private static JMSSecurityException denied(PermissionDeniedException e) {
        return JmsExceptions.link(new JMSSecurityException(e.getMessage(), AccessDeniedException.SQL_STATE), e);
    }

    private static DestinationKind kind(SluiceDestination destination) {
        return destination.isQueue() ? DestinationKind.QUEUE : DestinationKind.TOPIC;
    }
}
