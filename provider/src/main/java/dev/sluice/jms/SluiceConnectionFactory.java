package dev.sluice.jms;

import dev.sluice.db.JdbcUrls;
import dev.sluice.jms.internal.JmsExceptions;
import dev.sluice.jms.internal.SluiceConnection;
import dev.sluice.jms.internal.SluiceContext;
import dev.sluice.jms.jndi.JdbcUrlRefAddr;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import javax.naming.NamingException;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * The entry point of Sluice for JMS applications: a ConnectionFactory whose URL is a PostgreSQL JDBC URL, with
 * Sluice's settings as extra query parameters (see {@link ProviderConfig}), for example
 * {@code jdbc:postgresql://localhost:5432/app?clientID=billing&defaultPartitions=8}.
 *
 * <p>Setters configure the factory before use (JavaBean style, for JNDI and dependency injection); a client ID
 * set here or in the URL is administratively configured, so {@code Connection.setClientID} then throws
 * IllegalStateException (JMS 3.1 section 6.1.2). Serializable and Referenceable, so it can be bound in JNDI.
 * Thread-safe once configured.
 */
public class SluiceConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        Serializable, Referenceable {

    private static final long serialVersionUID = 1L;

    private String url;
    private String user;
    private String password;
    private final Map<String, String> settings = new HashMap<>();

    public SluiceConnectionFactory() {
    }

    public SluiceConnectionFactory(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    /** Sets the password of {@link #getUser()}; never printed (nor one in the URL: see {@link JdbcUrls}). */
    public void setPassword(String password) {
        this.password = password;
    }

    String password() {
        return password;
    }

    public String getClientID() {
        return settings.get(ProviderConfig.CLIENT_ID);
    }

    public void setClientID(String clientID) {
        settings.put(ProviderConfig.CLIENT_ID, clientID);
    }

    /**
     * Sets any Sluice setting by its key (those of {@link ProviderConfig}); overrides the URL's value.
     *
     * @throws IllegalArgumentException for an unknown key, listing the known ones
     */
    public void setSetting(String key, String value) {
        if (!ProviderConfig.DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException("Unknown Sluice setting '" + key + "'; known: "
                    + ProviderConfig.DEFAULTS.keySet());
        }
        settings.put(key, value);
    }

    /** The effective configuration: the URL's settings with this factory's on top. */
    public ProviderConfig config() throws JMSException {
        if (url == null) {
            throw new JMSException("The Sluice connection factory has no URL; call setUrl with a PostgreSQL JDBC URL"
                    + " such as jdbc:postgresql://localhost:5432/postgres");
        }
        try {
            return ProviderConfig.parse(url, settings);
        } catch (IllegalArgumentException e) {
            throw JmsExceptions.link(new JMSException(e.getMessage()), e);
        }
    }

    @Override
    public Connection createConnection() throws JMSException {
        return createConnection(user, password);
    }

    @Override
    public Connection createConnection(String userName, String userPassword) throws JMSException {
        return SluiceConnection.open(config(), userName, userPassword);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return (QueueConnection) createConnection();
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String userPassword) throws JMSException {
        return (QueueConnection) createConnection(userName, userPassword);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return (TopicConnection) createConnection();
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String userPassword) throws JMSException {
        return (TopicConnection) createConnection(userName, userPassword);
    }

    @Override
    public JMSContext createContext() {
        return createContext(user, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(user, password, sessionMode);
    }

    @Override
    public JMSContext createContext(String userName, String userPassword) {
        return createContext(userName, userPassword, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String userPassword, int sessionMode) {
        try {
            return SluiceContext.open((SluiceConnection) createConnection(userName, userPassword), sessionMode);
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        } catch (JMSRuntimeException e) {
            throw e;
        }
    }

    @Override
    public Reference getReference() throws NamingException {
        Reference reference = new Reference(getClass().getName(),
                dev.sluice.jms.jndi.SluiceObjectFactory.class.getName(), null);
        reference.add(new JdbcUrlRefAddr("url", url));
        if (user != null) {
            reference.add(new StringRefAddr("user", user));
        }
        settings.forEach((key, value) -> reference.add(new StringRefAddr("setting." + key, value)));
        return reference;
    }

    @Override
    public String toString() {
        return "SluiceConnectionFactory[url=" + JdbcUrls.redact(url) + ", user=" + user + ", password="
                + (password == null ? "none" : JdbcUrls.MASK) + ", settings=" + settings + "]";
    }
}
