package dev.sluice.jms.jndi;

import dev.sluice.db.JdbcUrls;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.jms.SluiceXAConnectionFactory;
import dev.sluice.jms.SluiceQueue;
import dev.sluice.jms.SluiceTopic;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

/**
 * A JNDI {@link InitialContextFactory} that builds Sluice's administered objects from the environment (which
 * includes {@code jndi.properties} on the class path), so unchanged JMS programs look them up by name:
 *
 * <pre>
 * java.naming.factory.initial = dev.sluice.jms.jndi.SluiceInitialContextFactory
 * connectionFactory.ConnectionFactory = jdbc:postgresql://localhost:15432/postgres?user=postgres&amp;clientID=billing
 * xaConnectionFactory.XAConnectionFactory = jdbc:postgresql://localhost:15432/postgres?user=postgres
 * queue.orders = orders
 * topic.prices = prices.eu
 * </pre>
 *
 * ({@code localhost:15432}, role {@code postgres}: the embedded database of {@code sluice server}.) An
 * {@code xaConnectionFactory.<name>} entry binds a {@link SluiceXAConnectionFactory}. A connection factory's user and
 * password may also be given as {@code connectionFactory.<name>.user} and {@code connectionFactory.<name>.password}
 * (or {@code xaConnectionFactory.<name>.user} and {@code .password}); {@code java.naming.provider.url}, when set, becomes a factory named
 * {@code ConnectionFactory} unless one of that name is configured. The context is read-only.
 */
public class SluiceInitialContextFactory implements InitialContextFactory {

    public static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    public static final String XA_CONNECTION_FACTORY_PREFIX = "xaConnectionFactory.";
    public static final String QUEUE_PREFIX = "queue.";
    public static final String TOPIC_PREFIX = "topic.";
    public static final String DEFAULT_FACTORY_NAME = "ConnectionFactory";

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Map<String, Object> bindings = new HashMap<>();
        Map<String, String> settings = new HashMap<>();
        for (Map.Entry<?, ?> entry : environment.entrySet()) {
            settings.put(String.valueOf(entry.getKey()), String.valueOf(entry.getValue()));
        }
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue().trim();
            String factoryPrefix = key.startsWith(CONNECTION_FACTORY_PREFIX) ? CONNECTION_FACTORY_PREFIX
                    : key.startsWith(XA_CONNECTION_FACTORY_PREFIX) ? XA_CONNECTION_FACTORY_PREFIX : null;
            if (factoryPrefix != null) {
                String name = key.substring(factoryPrefix.length());
                if (name.endsWith(".user") || name.endsWith(".password")) {
                    continue;
                }
                bindings.put(name, factory(factoryPrefix, name, value, settings));
            } else if (key.startsWith(QUEUE_PREFIX)) {
                bindings.put(key.substring(QUEUE_PREFIX.length()), new SluiceQueue(value));
            } else if (key.startsWith(TOPIC_PREFIX)) {
                bindings.put(key.substring(TOPIC_PREFIX.length()), new SluiceTopic(value));
            }
        }
        String providerUrl = settings.get(Context.PROVIDER_URL);
        if (providerUrl != null && !bindings.containsKey(DEFAULT_FACTORY_NAME)) {
            bindings.put(DEFAULT_FACTORY_NAME, factory(CONNECTION_FACTORY_PREFIX, DEFAULT_FACTORY_NAME, providerUrl.trim(),
                    settings));
        }
        return new ReadOnlyContext(bindings, new Hashtable<>(environment));
    }

    private static SluiceConnectionFactory factory(String prefix, String name, String url,
                                                   Map<String, String> settings) throws ConfigurationException {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationException("JNDI entry " + prefix + name + " = '"
                    + JdbcUrls.redact(url)
                    + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        SluiceConnectionFactory factory = prefix.equals(XA_CONNECTION_FACTORY_PREFIX)
                ? new SluiceXAConnectionFactory(url) : new SluiceConnectionFactory(url);
        String user = settings.get(prefix + name + ".user");
        String password = settings.get(prefix + name + ".password");
        if (user != null) {
            factory.setUser(user);
        }
        if (password != null) {
            factory.setPassword(password);
        }
        return factory;
    }
}
