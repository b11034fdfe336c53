package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.jms.jndi.SluiceInitialContextFactory;
import dev.sluice.jms.jndi.SluiceObjectFactory;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;
import javax.naming.Reference;
import org.junit.jupiter.api.Test;

class JndiTest {

    private static InitialContext context() throws NamingException {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, SluiceInitialContextFactory.class.getName());
        environment.put("connectionFactory.Orders", "jdbc:postgresql://db.example:5432/app?clientID=billing");
        environment.put("connectionFactory.Orders.user", "app");
        environment.put("queue.incoming", "orders.incoming");
        environment.put("topic.prices", "prices/eu");
        return new InitialContext(environment);
    }

    @Test
    void administeredObjectsAreLookedUpByName() throws Exception {
        InitialContext context = context();
        SluiceConnectionFactory factory = (SluiceConnectionFactory) context.lookup("Orders");
        assertEquals("jdbc:postgresql://db.example:5432/app?clientID=billing", factory.getUrl());
        assertEquals("app", factory.getUser());
        assertEquals("billing", factory.config().clientId());
        assertEquals("orders.incoming", ((Queue) context.lookup("incoming")).getQueueName());
        assertEquals("prices/eu", ((Topic) context.lookup("prices")).getTopicName());
    }

    @Test
    void unknownNamesListWhatIsConfiguredAndTheContextIsReadOnly() throws Exception {
        InitialContext context = context();
        NameNotFoundException missing = assertThrows(NameNotFoundException.class, () -> context.lookup("nope"));
        assertThat(missing).hasMessageContaining("'nope'").hasMessageContaining("incoming");
        assertThrows(OperationNotSupportedException.class, () -> context.bind("x", "y"));
    }

    @Test
    void connectionFactoryRoundTripsThroughItsReference() throws Exception {
        SluiceConnectionFactory factory = new SluiceConnectionFactory("jdbc:postgresql://h/db");
        factory.setUser("u");
        factory.setSetting("defaultPartitions", "8");
        Reference reference = factory.getReference();
        SluiceConnectionFactory rebuilt = (SluiceConnectionFactory) new SluiceObjectFactory()
                .getObjectInstance(reference, null, null, null);
        assertEquals("jdbc:postgresql://h/db", rebuilt.getUrl());
        assertEquals("u", rebuilt.getUser());
        assertEquals(8, rebuilt.config().defaultPartitions());
    }

    @Test
    void xaConnectionFactoriesAreBoundAndRoundTripThroughTheirReference() throws Exception {
        java.util.Hashtable<String, String> environment = new java.util.Hashtable<>();
        environment.put(javax.naming.Context.INITIAL_CONTEXT_FACTORY,
                dev.sluice.jms.jndi.SluiceInitialContextFactory.class.getName());
        environment.put("xaConnectionFactory.XA", "jdbc:postgresql://h/db");
        environment.put("xaConnectionFactory.XA.user", "u");
        Object bound = new InitialContext(environment).lookup("XA");
        assertThat(bound).isInstanceOf(jakarta.jms.XAConnectionFactory.class)
                .isInstanceOf(jakarta.jms.XAQueueConnectionFactory.class);
        assertEquals("u", ((SluiceXAConnectionFactory) bound).getUser());
        Object rebuilt = new SluiceObjectFactory().getObjectInstance(((SluiceXAConnectionFactory) bound).getReference(),
                null, null, null);
        assertThat(rebuilt).isInstanceOf(SluiceXAConnectionFactory.class);
        assertEquals("jdbc:postgresql://h/db", ((SluiceXAConnectionFactory) rebuilt).getUrl());
    }
}
