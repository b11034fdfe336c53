package dev.sluice.jms.cdi;

import dev.sluice.db.JdbcUrls;
import dev.sluice.jms.ProviderConfig;
import dev.sluice.jms.SluiceConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The connection factories CDI offers, read from {@code sluice.*} properties: the default factory from
 * {@code sluice.url}, {@code sluice.user}, {@code sluice.password} and any Sluice setting ({@code sluice.prefetch},
 * {@code sluice.clientID}, ... as in {@link ProviderConfig}); a named one, selected with
 * {@code @JMSConnectionFactory("reports")}, from {@code sluice.reports.url} and so on.
 *
 * <p>The values come from every {@code META-INF/sluice.properties} on the class path (the first one that has a
 * key wins), then from system properties, which win. A key of the file that is not one of these fails with the
 * list of known ones; system properties that do not end in a known one are ignored, since the JVM's system
 * properties are shared with everything else ({@code sluice.test.timeScale}, say). Immutable and thread-safe;
 * {@link #toString()} hides passwords.
 */
final class ConnectionFactoryProperties {

    static final String RESOURCE = "META-INF/sluice.properties";
    static final String PREFIX = "sluice.";
    /** The factory an injection point without {@code @JMSConnectionFactory} gets. */
    static final String DEFAULT_NAME = "";
    /** The Jakarta EE name of the platform's default connection factory, which means the default one here too. */
    static final String PLATFORM_DEFAULT_NAME = "java:comp/DefaultJMSConnectionFactory";
    private static final String URL = "url";
    private static final String USER = "user";
    private static final String PASSWORD = "password";

    /** factory name -> property (url, user, password or a Sluice setting) -> value */
    private final Map<String, Map<String, String>> factories;

    private ConnectionFactoryProperties(Map<String, Map<String, String>> factories) {
        this.factories = factories;
    }

    /** Reads the class path's {@value #RESOURCE} files (through {@code loader}) and the system properties. */
    static ConnectionFactoryProperties load(ClassLoader loader) {
        Map<String, Map<String, String>> factories = new TreeMap<>();
        Properties system = System.getProperties();
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith(PREFIX) && isKnown(property(key))) {
                put(factories, key, system.getProperty(key));
            }
        }
        for (URL resource : resources(loader)) {
            Properties file = new Properties();
            try (InputStream in = resource.openStream()) {
                file.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the Sluice settings in " + resource, e);
            }
            for (String key : file.stringPropertyNames()) {
                if (!key.startsWith(PREFIX) || !isKnown(property(key))) {
                    throw new IllegalArgumentException("Unknown key '" + key + "' in " + resource
                            + "; expected sluice.<setting> or sluice.<factory name>.<setting>, a setting being one of "
                            + knownProperties());
                }
                put(factories, key, file.getProperty(key));
            }
        }
        return new ConnectionFactoryProperties(Collections.unmodifiableMap(factories));
    }

    /** Records {@code value} unless an earlier source had the key (system properties are read first). */
    private static void put(Map<String, Map<String, String>> factories, String key, String value) {
        Map<String, String> factory = factories.computeIfAbsent(name(key), name -> new LinkedHashMap<>());
        if (!factory.containsKey(property(key))) {
            factory.put(property(key), value.trim());
        }
    }

    private static List<URL> resources(ClassLoader loader) {
        try {
            Enumeration<URL> found = loader.getResources(RESOURCE);
            return Collections.list(found);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for " + RESOURCE + " on the class path", e);
        }
    }

    /** "sluice.reports.url" -> "reports"; "sluice.url" -> "". */
    private static String name(String key) {
        String rest = key.substring(PREFIX.length());
        int dot = rest.lastIndexOf('.');
        return dot < 0 ? DEFAULT_NAME : rest.substring(0, dot);
    }

    /** "sluice.reports.url" -> "url". */
    private static String property(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static boolean isKnown(String property) {
        return property.equals(URL) || property.equals(USER) || property.equals(PASSWORD)
                || ProviderConfig.DEFAULTS.containsKey(property);
    }

    private static List<String> knownProperties() {
        List<String> known = new ArrayList<>(List.of(URL, USER, PASSWORD));
        known.addAll(ProviderConfig.DEFAULTS.keySet());
        return known;
    }

    /** The factory names that have a URL ({@code ""} is the default factory). */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        factories.forEach((name, properties) -> {
            if (properties.containsKey(URL)) {
                names.add(name);
            }
        });
        return names;
    }

    /** The name an injection point's {@code @JMSConnectionFactory} value stands for. */
    static String normalise(String name) {
        return name == null || name.isBlank() || name.equals(PLATFORM_DEFAULT_NAME) ? DEFAULT_NAME : name.trim();
    }

    /** "the default connection factory (sluice.url)", "connection factory 'reports' (sluice.reports.url)". */
    static String describe(String name) {
        return name.isEmpty() ? "the default connection factory (" + PREFIX + URL + ")"
                : "connection factory '" + name + "' (" + PREFIX + name + "." + URL + ")";
    }

    /** Why {@code name} cannot be used, or null when it is configured. */
    String problem(String name) {
        if (names().contains(name)) {
            return null;
        }
        return "No " + describe(name) + " is configured: set it as a system property or in " + RESOURCE
                + (names().isEmpty() ? "; no Sluice connection factory is configured at all"
                        : "; configured: " + names().stream().map(ConnectionFactoryProperties::describe).toList());
    }

    /**
     * A new factory for {@code name}.
     *
     * @throws IllegalArgumentException when it is not configured or a setting is invalid
     */
    SluiceConnectionFactory create(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Map<String, String> properties = factories.get(name);
        SluiceConnectionFactory factory = new SluiceConnectionFactory(properties.get(URL));
        factory.setUser(properties.get(USER));
        factory.setPassword(properties.get(PASSWORD));
        properties.forEach((property, value) -> {
            if (ProviderConfig.DEFAULTS.containsKey(property)) {
                factory.setSetting(property, value);
            }
        });
        return factory;
    }

    @Override
    public String toString() {
        Map<String, Map<String, String>> shown = new TreeMap<>();
        factories.forEach((name, properties) -> {
            Map<String, String> copy = new LinkedHashMap<>(properties);
            copy.computeIfPresent(PASSWORD, (key, value) -> JdbcUrls.MASK);
            copy.computeIfPresent(URL, (key, value) -> JdbcUrls.redact(value));
            shown.put(name.isEmpty() ? "(default)" : name, copy);
        });
        return "ConnectionFactoryProperties" + shown;
    }
}
