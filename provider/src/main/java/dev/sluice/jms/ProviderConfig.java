package dev.sluice.jms;

import dev.sluice.db.DriverProperties;
import dev.sluice.db.JdbcUrls;
import dev.sluice.jms.internal.message.ObjectGraphLimits;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Sluice's client settings, read from the query parameters of the connection URL (each may also be set on
 * {@link SluiceConnectionFactory}). Sluice's own parameters are removed before the PostgreSQL driver sees the URL;
 * a parameter that is neither Sluice's nor the driver's fails with the list of Sluice's keys, so a typo cannot
 * pass silently. Immutable and thread-safe.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>clientID</td><td>none</td><td>administratively configured JMS client ID</td></tr>
 *   <tr><td>defaultPartitions</td><td>4</td><td>partitions of a destination created on first use</td></tr>
 *   <tr><td>autoCreate</td><td>true</td><td>create queues and topics on first use</td></tr>
 *   <tr><td>prefetch</td><td>100</td><td>messages a consumer acquires per fetch</td></tr>
 *   <tr><td>prefetchBytes</td><td>4194304</td><td>bytes of bodies a consumer acquires per fetch (a larger message
 *       is still delivered, alone in its partition's share)</td></tr>
 *   <tr><td>maxMessageBytes</td><td>268435456</td><td>largest message (body and properties) a send accepts;
 *       a larger one fails with ResourceAllocationException</td></tr>
 *   <tr><td>leaseTimeoutMs</td><td>30000</td><td>how long acquired messages stay reserved for a consumer whose
 *       process stopped renewing them</td></tr>
 *   <tr><td>sessionTimeoutMs</td><td>10000</td><td>coordination session timeout: how soon a dead client's client
 *       ID, temporary destinations and subscriptions are released (a restart or failover of the database does not
 *       count)</td></tr>
 *   <tr><td>databaseTimeoutMs</td><td>10000</td><td>how long a send, commit or acknowledgement waits for a
 *       connection while the database is unreachable before it fails with a JMSException</td></tr>
 *   <tr><td>objectMessageAllowList</td><td>java.lang,java.util,java.time,java.math</td><td>packages or classes
 *       ObjectMessage may deserialise; * allows all</td></tr>
 *   <tr><td>objectMessageMaxDepth</td><td>20</td><td>deepest nesting of objects in an ObjectMessage body;
 *       getObject() refuses a deeper one with MessageFormatException (bounds the nested-collection denial of
 *       service)</td></tr>
 *   <tr><td>objectMessageMaxReferences</td><td>1000000</td><td>most objects and references in an ObjectMessage
 *       body</td></tr>
 *   <tr><td>objectMessageMaxArrayLength</td><td>1000000</td><td>longest array (or announced collection size) in
 *       an ObjectMessage body</td></tr>
 *   <tr><td>objectMessageMaxBytes</td><td>67108864</td><td>largest ObjectMessage body getObject() deserialises
 *       </td></tr>
 *   <tr><td>poolSize</td><td>16</td><td>pooled PostgreSQL connections per JVM and credentials</td></tr>
 * </table>
 *
 * @param jdbcUrl the URL without Sluice's parameters, as the PostgreSQL driver gets it; it may hold a password,
 *                so show it only through {@link JdbcUrls#redact} (as {@link #toString()} does)
 */
public record ProviderConfig(String jdbcUrl, String clientId, int defaultPartitions, boolean autoCreate,
                             int prefetch, long prefetchBytes, long maxMessageBytes, long leaseTimeoutMs,
                             long sessionTimeoutMs, long databaseTimeoutMs, String objectMessageAllowList,
                             int objectMessageMaxDepth, long objectMessageMaxReferences,
                             int objectMessageMaxArrayLength, long objectMessageMaxBytes, int poolSize) {

    public static final String CLIENT_ID = "clientID";
    public static final String DEFAULT_PARTITIONS = "defaultPartitions";
    public static final String AUTO_CREATE = "autoCreate";
    public static final String PREFETCH = "prefetch";
    public static final String PREFETCH_BYTES = "prefetchBytes";
    public static final String MAX_MESSAGE_BYTES = "maxMessageBytes";
    public static final String LEASE_TIMEOUT_MS = "leaseTimeoutMs";
    public static final String SESSION_TIMEOUT_MS = "sessionTimeoutMs";
    public static final String DATABASE_TIMEOUT_MS = "databaseTimeoutMs";
    public static final String OBJECT_MESSAGE_ALLOW_LIST = "objectMessageAllowList";
    public static final String OBJECT_MESSAGE_MAX_DEPTH = ObjectGraphLimits.MAX_DEPTH_SETTING;
    public static final String OBJECT_MESSAGE_MAX_REFERENCES = ObjectGraphLimits.MAX_REFERENCES_SETTING;
    public static final String OBJECT_MESSAGE_MAX_ARRAY_LENGTH = ObjectGraphLimits.MAX_ARRAY_LENGTH_SETTING;
    public static final String OBJECT_MESSAGE_MAX_BYTES = ObjectGraphLimits.MAX_BYTES_SETTING;
    public static final String POOL_SIZE = "poolSize";

    /** The largest body PostgreSQL can store in one bytea column (1 GB less its header). */
    public static final long MAX_STORABLE_BYTES = 1024L * 1024 * 1024 - 1024;

    /** Every Sluice key with its default (null: none). */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(CLIENT_ID, null);
        defaults.put(DEFAULT_PARTITIONS, "4");
        defaults.put(AUTO_CREATE, "true");
        defaults.put(PREFETCH, "100");
        defaults.put(PREFETCH_BYTES, String.valueOf(4L * 1024 * 1024));
        defaults.put(MAX_MESSAGE_BYTES, String.valueOf(256L * 1024 * 1024));
        defaults.put(LEASE_TIMEOUT_MS, "30000");
        defaults.put(SESSION_TIMEOUT_MS, "10000");
        defaults.put(DATABASE_TIMEOUT_MS, "10000");
        defaults.put(OBJECT_MESSAGE_ALLOW_LIST, "java.lang,java.util,java.time,java.math");
        defaults.put(OBJECT_MESSAGE_MAX_DEPTH, String.valueOf(ObjectGraphLimits.DEFAULTS.maxDepth()));
        defaults.put(OBJECT_MESSAGE_MAX_REFERENCES, String.valueOf(ObjectGraphLimits.DEFAULTS.maxReferences()));
        defaults.put(OBJECT_MESSAGE_MAX_ARRAY_LENGTH, String.valueOf(ObjectGraphLimits.DEFAULTS.maxArrayLength()));
        defaults.put(OBJECT_MESSAGE_MAX_BYTES, String.valueOf(ObjectGraphLimits.DEFAULTS.maxBytes()));
        defaults.put(POOL_SIZE, "16");
        return java.util.Collections.unmodifiableMap(defaults);
    }

    public ProviderConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        require(defaultPartitions >= 1 && defaultPartitions <= 1024, DEFAULT_PARTITIONS, defaultPartitions,
                "between 1 and 1024");
        require(prefetch >= 1 && prefetch <= 10_000, PREFETCH, prefetch, "between 1 and 10000");
        require(prefetchBytes >= 1, PREFETCH_BYTES, prefetchBytes, "at least 1");
        require(maxMessageBytes >= 1 && maxMessageBytes <= MAX_STORABLE_BYTES, MAX_MESSAGE_BYTES, maxMessageBytes,
                "between 1 and " + MAX_STORABLE_BYTES + " (PostgreSQL stores at most 1 GB in a column)");
        require(leaseTimeoutMs >= 100, LEASE_TIMEOUT_MS, leaseTimeoutMs, "at least 100");
        require(sessionTimeoutMs >= 100, SESSION_TIMEOUT_MS, sessionTimeoutMs, "at least 100");
        require(databaseTimeoutMs >= 250, DATABASE_TIMEOUT_MS, databaseTimeoutMs, "at least 250");
        require(poolSize >= 2, POOL_SIZE, poolSize, "at least 2");
        // ObjectGraphLimits validates them, naming the setting.
        new ObjectGraphLimits(objectMessageMaxDepth, objectMessageMaxReferences, objectMessageMaxArrayLength,
                objectMessageMaxBytes);
    }

    /** The limits of the graphs ObjectMessage bodies deserialise into. */
    public ObjectGraphLimits objectMessageLimits() {
        return new ObjectGraphLimits(objectMessageMaxDepth, objectMessageMaxReferences, objectMessageMaxArrayLength,
                objectMessageMaxBytes);
    }

    private static void require(boolean valid, String key, Object value, String rule) {
        if (!valid) {
            throw new IllegalArgumentException("Sluice setting " + key + "=" + value + " is invalid: must be " + rule);
        }
    }

    /**
     * Splits {@code url} into the driver's URL and Sluice's settings; {@code overrides} (non-null values) win over
     * the URL's.
     *
     * @throws IllegalArgumentException naming the bad parameter or value
     */
    public static ProviderConfig parse(String url, Map<String, String> overrides) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Sluice URL '" + JdbcUrls.redact(url)
                    + "' is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database[?options]");
        }
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        Map<String, String> settings = new LinkedHashMap<>(DEFAULTS);
        StringJoiner driverParameters = new StringJoiner("&");
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (settings.containsKey(key)) {
                    settings.put(key, value);
                } else if (DriverProperties.isKnown(key)) {
                    driverParameters.add(pair);
                } else {
                    throw new IllegalArgumentException("Unknown parameter '" + key + "' in Sluice URL " + base
                            + ": it is neither a PostgreSQL driver property nor one of Sluice's "
                            + DEFAULTS.keySet());
                }
            }
        }
        overrides.forEach((key, value) -> {
            if (!settings.containsKey(key)) {
                throw new IllegalArgumentException("Unknown Sluice setting '" + key + "'; known: " + DEFAULTS.keySet());
            }
            if (value != null) {
                settings.put(key, value);
            }
        });
        String driverUrl = driverParameters.length() == 0 ? base : base + "?" + driverParameters;
        String clientId = settings.get(CLIENT_ID);
        return new ProviderConfig(driverUrl,
                clientId == null || clientId.isEmpty() ? null : clientId,
                number(settings, DEFAULT_PARTITIONS, Integer::parseInt),
                bool(settings, AUTO_CREATE),
                number(settings, PREFETCH, Integer::parseInt),
                number(settings, PREFETCH_BYTES, Long::parseLong),
                number(settings, MAX_MESSAGE_BYTES, Long::parseLong),
                number(settings, LEASE_TIMEOUT_MS, Long::parseLong),
                number(settings, SESSION_TIMEOUT_MS, Long::parseLong),
                number(settings, DATABASE_TIMEOUT_MS, Long::parseLong),
                settings.get(OBJECT_MESSAGE_ALLOW_LIST),
                number(settings, OBJECT_MESSAGE_MAX_DEPTH, Integer::parseInt),
                number(settings, OBJECT_MESSAGE_MAX_REFERENCES, Long::parseLong),
                number(settings, OBJECT_MESSAGE_MAX_ARRAY_LENGTH, Integer::parseInt),
                number(settings, OBJECT_MESSAGE_MAX_BYTES, Long::parseLong),
                number(settings, POOL_SIZE, Integer::parseInt));
    }

    private static <T> T number(Map<String, String> settings, String key, Function<String, T> parser) {
        String value = settings.get(key);
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Sluice setting " + key + "='" + value + "' is not a number", e);
        }
    }

    private static boolean bool(Map<String, String> settings, String key) {
        String value = settings.get(key).trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("true", "false").contains(value)) {
            throw new IllegalArgumentException("Sluice setting " + key + "='" + settings.get(key)
                    + "' must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * The driver URL for an explicit login: the URL's own {@code user} and {@code password} parameters are removed,
     * since the driver would let them win over the credentials the application passed.
     */
    public String jdbcUrlForLogin(String user) {
        int query = jdbcUrl.indexOf('?');
        if (user == null || query < 0) {
            return jdbcUrl;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : jdbcUrl.substring(query + 1).split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!key.equals("user") && !key.equals("password") && !pair.isEmpty()) {
                kept.add(pair);
            }
        }
        return jdbcUrl.substring(0, query) + (kept.length() == 0 ? "" : "?" + kept);
    }

    /** The settings, with the URL's password masked. */
    @Override
    public String toString() {
        return "ProviderConfig[jdbcUrl=" + JdbcUrls.redact(jdbcUrl) + ", clientId=" + clientId + ", defaultPartitions="
                + defaultPartitions + ", autoCreate=" + autoCreate + ", prefetch=" + prefetch + ", prefetchBytes="
                + prefetchBytes + ", maxMessageBytes=" + maxMessageBytes + ", leaseTimeoutMs=" + leaseTimeoutMs
                + ", sessionTimeoutMs=" + sessionTimeoutMs + ", databaseTimeoutMs=" + databaseTimeoutMs
                + ", objectMessageAllowList=" + objectMessageAllowList + ", " + objectMessageLimits() + ", poolSize="
                + poolSize + "]";
    }
}
