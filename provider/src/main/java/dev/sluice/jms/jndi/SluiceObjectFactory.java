package dev.sluice.jms.jndi;

import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.jms.SluiceXAConnectionFactory;
import dev.sluice.jms.SluiceDestination;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;

/**
 * Rebuilds Sluice objects bound in JNDI from their {@link Reference}: a destination from its
 * {@value SluiceDestination#ADDRESS_REFERENCE_TYPE} address (see {@link SluiceDestination#getReference()}).
 * As {@link ObjectFactory} requires, it answers null for references it does not know, so that other factories
 * may be tried.
 *
 * <p>Stateless and thread-safe.
 */
public class SluiceObjectFactory implements ObjectFactory {

    /** Public no-argument constructor, as JNDI instantiates factories by class name. */
    public SluiceObjectFactory() {
    }

    @Override
    public Object getObjectInstance(Object object, Name name, Context nameContext, Hashtable<?, ?> environment) {
        if (!(object instanceof Reference)) {
            return null;
        }
        Reference reference = (Reference) object;
        if (SluiceConnectionFactory.class.getName().equals(reference.getClassName())) {
            return connectionFactory(reference, new SluiceConnectionFactory());
        }
        if (SluiceXAConnectionFactory.class.getName().equals(reference.getClassName())) {
            return connectionFactory(reference, new SluiceXAConnectionFactory());
        }
        RefAddr address = reference.get(SluiceDestination.ADDRESS_REFERENCE_TYPE);
        if (address == null || !(address.getContent() instanceof String)) {
            return null;
        }
        try {
            Class<?> type = Class.forName(reference.getClassName(), false, SluiceDestination.class.getClassLoader());
            if (!SluiceDestination.class.isAssignableFrom(type)) {
                return null;
            }
        } catch (ClassNotFoundException notOurs) {
            return null;
        }
        return SluiceDestination.fromAddress((String) address.getContent());
    }

    /** Rebuilds a connection factory from {@link SluiceConnectionFactory#getReference()}. */
    private static SluiceConnectionFactory connectionFactory(Reference reference, SluiceConnectionFactory factory) {
        RefAddr url = reference.get("url");
        factory.setUrl(url == null ? null : (String) url.getContent());
        for (int i = 0; i < reference.size(); i++) {
            RefAddr address = reference.get(i);
            String type = address.getType();
            if (type.equals("user")) {
                factory.setUser((String) address.getContent());
            } else if (type.startsWith("setting.")) {
                factory.setSetting(type.substring("setting.".length()), (String) address.getContent());
            }
        }
        return factory;
    }
}
