package dev.sluice.flume.internal;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.ConfigurationException;
import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * How a component reaches a JMS provider: either Sluice directly ({@code url = jdbc:postgresql://...}, with
 * {@code user} and {@code password}), or any provider's connection factory looked up in JNDI
 * ({@code jndi.initialContextFactory}, {@code jndi.providerUrl}, {@code jndi.connectionFactory}, default
 * {@code ConnectionFactory}). Flume's own JMS source key names are accepted as well, with the meaning the Flume
 * user guide gives them: {@code initialContextFactory}, {@code providerURL}, {@code connectionFactory},
 * {@code userName}, and {@code passwordFile} (a file holding the password; surrounding whitespace and the final
 * newline are ignored). A key and its Flume twin may not both be set, nor {@code password} with
 * {@code passwordFile}. Immutable and thread-safe; the password is never printed.
 */
public final class JmsConnector {

    private final ConnectionFactory factory;
    private final String user;
    private final String password;
    private final String description;

    private JmsConnector(ConnectionFactory factory, String user, String password, String description) {
        this.factory = factory;
        this.user = user;
        this.password = password;
        this.description = description;
    }

    /** Reads the connection keys of {@code context}. */
    public static JmsConnector read(ComponentContext context) {
        String user = either(context, "user", "userName");
        String password = password(context);
        String url = context.stringOr("url", null);
        String initialFactory = either(context, "jndi.initialContextFactory", "initialContextFactory");
        String providerUrl = either(context, "jndi.providerUrl", "providerURL");
        String factoryKey = context.has("connectionFactory") ? "connectionFactory" : "jndi.connectionFactory";
        String factoryName = either(context, "jndi.connectionFactory", "connectionFactory");
        if (factoryName == null) {
            factoryName = "ConnectionFactory";
        }
        if (url != null && initialFactory != null) {
            throw new ConfigurationException("Configuration keys " + context.fullKey("url") + " and "
                    + context.fullKey(context.has("initialContextFactory") ? "initialContextFactory"
                    : "jndi.initialContextFactory") + " are both set: expected one way to reach the JMS provider");
        }
        if (url != null) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw context.invalid("url", "a Sluice URL such as jdbc:postgresql://host:5432/database");
            }
            SluiceConnectionFactory sluice = new SluiceConnectionFactory(url);
            sluice.setUser(user);
            sluice.setPassword(password);
            return new JmsConnector(sluice, user, password, "Sluice at " + withoutQuery(url));
        }
        if (initialFactory == null) {
            throw new ConfigurationException("Configuration key " + context.fullKey("url") + " is missing:"
                    + " expected a Sluice URL (jdbc:postgresql://host:5432/database), or "
                    + context.fullKey("jndi.initialContextFactory") + " to find the connection factory in JNDI");
        }
        Hashtable<String, Object> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, initialFactory);
        if (providerUrl != null) {
            environment.put(Context.PROVIDER_URL, providerUrl);
        }
        try {
            Context jndi = new InitialContext(environment);
            Object found = jndi.lookup(factoryName);
            if (!(found instanceof ConnectionFactory factory)) {
                throw context.invalid(factoryKey, "the JNDI name of a jakarta.jms.ConnectionFactory"
                        + " (found " + (found == null ? "nothing" : found.getClass().getName()) + ")");
            }
            return new JmsConnector(factory, user, password, "JNDI " + factoryName + " at " + providerUrl);
        } catch (NamingException e) {
            throw new ConfigurationException("JNDI lookup of " + context.fullKey(factoryKey) + " = '"
                    + factoryName + "' through " + initialFactory + " failed: " + e.getMessage(), e);
        }
    }

    /** The value of {@code key} or of its Flume twin {@code flumeKey} (null when neither is set); not both. */
    private static String either(ComponentContext context, String key, String flumeKey) {
        String value = context.stringOr(key, null);
        String flumeValue = context.stringOr(flumeKey, null);
        if (value != null && flumeValue != null) {
            throw new ConfigurationException("Configuration keys " + context.fullKey(key) + " and "
                    + context.fullKey(flumeKey) + " are both set: expected one of them (" + flumeKey
                    + " is Flume's name for " + key + ")");
        }
        return value != null ? value : flumeValue;
    }

    private static String password(ComponentContext context) {
        String password = context.stringOr("password", null);
        String file = context.stringOr("passwordFile", null);
        if (file == null) {
            return password;
        }
        if (password != null) {
            throw new ConfigurationException("Configuration keys " + context.fullKey("password") + " and "
                    + context.fullKey("passwordFile") + " are both set: expected one of them");
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | InvalidPathException e) {
            // Names the file, never its content.
            throw context.invalid("passwordFile", "a readable file holding the password (" + e.getClass()
                    .getSimpleName() + ")");
        }
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    public Connection connect() throws JMSException {
        return user == null ? factory.createConnection() : factory.createConnection(user, password);
    }

    @Override
    public String toString() {
        return description;
    }
}
