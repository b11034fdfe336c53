package dev.sluice.flume;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The configuration keys of one component (Flume's {@code Context}): the values below a prefix such as
 * {@code a1.sources.r1.}, read through typed getters whose errors name the full key and what was expected.
 * Every key a component asks for is remembered, so that after {@code configure} the agent can reject the keys
 * nobody read (a typo must not pass silently) and list the known ones. Confined to the configuring thread.
 */
public final class ComponentContext {

    private final String agentName;
    private final String componentName;
    private final String prefix;
    private final Map<String, String> values;
    private final Set<String> asked = new TreeSet<>();
    private final List<String> askedPrefixes = new ArrayList<>();

    /**
     * @param prefix the full key prefix, ending with a dot, for error messages
     * @param values the keys below the prefix (relative) and their values
     */
    public ComponentContext(String agentName, String componentName, String prefix, Map<String, String> values) {
        this.agentName = agentName;
        this.componentName = componentName;
        this.prefix = prefix;
        this.values = new LinkedHashMap<>(values);
    }

    public String agentName() {
        return agentName;
    }

    /** The component's name, e.g. {@code r1}. */
    public String componentName() {
        return componentName;
    }

    /** The full key of {@code key}, e.g. {@code a1.sources.r1.port}. */
    public String fullKey(String key) {
        return prefix + key;
    }

    /** A context for the keys below {@code key + "."}; its keys count as read here. */
    public ComponentContext sub(String key) {
        askedPrefixes.add(key + ".");
        return new ComponentContext(agentName, componentName, prefix + key + ".", subProperties(key + "."));
    }

    public boolean has(String key) {
        asked.add(key);
        return values.containsKey(key);
    }

    /** A required key; {@code expected} says what it should hold ("the TCP port to listen on"). */
    public String string(String key, String expected) {
        asked.add(key);
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("Configuration key " + fullKey(key) + " is missing: expected "
                    + expected);
        }
        return value.trim();
    }

    public String stringOr(String key, String defaultValue) {
        asked.add(key);
        String value = values.get(key);
        return value == null ? defaultValue : value.trim();
    }

    public int integer(String key, int defaultValue, int min, int max) {
        long value = number(key, defaultValue, min, max);
        return (int) value;
    }

    public long number(String key, long defaultValue, long min, long max) {
        asked.add(key);
        String text = values.get(key);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw invalid(key, "a whole number between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number between " + min + " and " + max);
        }
    }

    /** A required whole number. */
    public int requiredInteger(String key, int min, int max, String expected) {
        string(key, expected);
        return integer(key, 0, min, max);
    }

    public boolean bool(String key, boolean defaultValue) {
        asked.add(key);
        String text = values.get(key);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "true or false");
        };
    }

    /** One of {@code allowed} (case-insensitive), returned in lower case. */
    public String choice(String key, String defaultValue, String... allowed) {
        String value = stringOr(key, defaultValue).toLowerCase(Locale.ROOT);
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        throw invalid(key, "one of " + Arrays.toString(allowed));
    }

    /** A space-separated list (empty when the key is absent). */
    public List<String> list(String key) {
        String value = stringOr(key, "");
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    public Pattern regex(String key, String defaultValue) {
        String value = stringOr(key, defaultValue);
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw invalid(key, "a Java regular expression (" + e.getDescription() + " at index " + e.getIndex()
                    + ")");
        }
    }

    public Path path(String key, String expected) {
        return Path.of(string(key, expected));
    }

    /** The keys below {@code keyPrefix} with the prefix removed; they all count as read. */
    public Map<String, String> subProperties(String keyPrefix) {
        askedPrefixes.add(keyPrefix);
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(keyPrefix)) {
                result.put(key.substring(keyPrefix.length()), value);
            }
        });
        return result;
    }

    /** The error for a present but wrong value. */
    public ConfigurationException invalid(String key, String expected) {
        return new ConfigurationException("Configuration key " + fullKey(key) + " = '" + values.get(key)
                + "' is invalid: expected " + expected);
    }

    /** Keys present but never read by the component. */
    public Set<String> unreadKeys() {
        Set<String> unread = new TreeSet<>();
        for (String key : values.keySet()) {
            if (!asked.contains(key) && askedPrefixes.stream().noneMatch(key::startsWith)) {
                unread.add(key);
            }
        }
        return unread;
    }

    /** Fails when a key was set that the component never read, listing those it knows. */
    public void rejectUnreadKeys(String what) {
        Set<String> unread = unreadKeys();
        if (!unread.isEmpty()) {
            Set<String> known = new TreeSet<>(asked);
            askedPrefixes.forEach(p -> known.add(p + "*"));
            throw new ConfigurationException("Unknown configuration key " + fullKey(unread.iterator().next())
                    + " for " + what + "; known keys: " + known);
        }
    }
}
