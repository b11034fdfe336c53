package dev.sluice.flume;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One agent's part of a Flume properties file: the keys that start with the agent's name, with {@code ${NAME}}
 * (or {@code ${NAME:-default}}) replaced from the environment. Checks the structure: the component lists
 * ({@code a1.sources}, {@code a1.channels}, {@code a1.sinks}, {@code a1.sinkgroups}) and that every key belongs to
 * a listed component. Immutable and thread-safe.
 */
public final class AgentConfiguration {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(:-([^}]*))?}");
    private static final List<String> KINDS = List.of("sources", "channels", "sinks", "sinkgroups");

    private final String agentName;
    private final Map<String, String> keys;
    private final Map<String, List<String>> names = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, String>>> components = new LinkedHashMap<>();

    private AgentConfiguration(String agentName, Map<String, String> keys) {
        this.agentName = agentName;
        this.keys = keys;
        structure();
    }

    /** Reads agent {@code agentName} from a properties file, substituting the process environment. */
    public static AgentConfiguration load(String agentName, Path file) {
        return parse(agentName, read(file), System::getenv);
    }

    /**
     * Reads every agent a properties file defines (an agent is a name with a {@code NAME.sources},
     * {@code NAME.channels} or {@code NAME.sinks} key), in the order of their names; {@code environment} resolves
     * {@code ${NAME}}. A key that belongs to no agent is an error, so a typo in an agent's name does not pass.
     *
     * @throws ConfigurationException when the file defines no agent, or naming the first wrong key
     */
    public static List<AgentConfiguration> loadAll(Path file, Function<String, String> environment) {
        Map<String, String> properties = read(file);
        Set<String> agents = new TreeSet<>();
        for (String key : properties.keySet()) {
            int dot = key.indexOf('.');
            if (dot > 0 && KINDS.subList(0, 3).contains(key.substring(dot + 1))) {
                agents.add(key.substring(0, dot));
            }
        }
        if (agents.isEmpty()) {
            throw new ConfigurationException("Agent configuration file " + file.toAbsolutePath() + " defines no"
                    + " agent: expected keys such as a1.sources = r1, a1.channels = c1, a1.sinks = k1");
        }
        for (String key : new TreeSet<>(properties.keySet())) {
            int dot = key.indexOf('.');
            if (dot < 0 || !agents.contains(key.substring(0, dot))) {
                throw new ConfigurationException("Configuration key " + key + " in " + file.toAbsolutePath()
                        + " belongs to no agent: expected it to start with one of the agents the file defines, "
                        + agents);
            }
        }
        List<AgentConfiguration> configurations = new ArrayList<>();
        for (String agent : agents) {
            configurations.add(parse(agent, properties, environment));
        }
        return configurations;
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("Agent configuration file " + file.toAbsolutePath()
                    + " does not exist: expected a Flume properties file");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read agent configuration " + file, e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    /**
     * Reads agent {@code agentName} from {@code properties}; {@code environment} resolves {@code ${NAME}}.
     *
     * @throws ConfigurationException naming the first wrong key
     */
    public static AgentConfiguration parse(String agentName, Map<String, String> properties,
                                           Function<String, String> environment) {
        if (agentName == null || agentName.isBlank()) {
            throw new ConfigurationException("No agent name: expected the name the keys start with (-n a1)");
        }
        Map<String, String> keys = new TreeMap<>();
        String prefix = agentName + ".";
        properties.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                keys.put(key.substring(prefix.length()), substitute(key, value, environment));
            }
        });
        if (keys.isEmpty()) {
            throw new ConfigurationException("The configuration has no keys for agent '" + agentName
                    + "': expected keys such as " + agentName + ".sources = r1");
        }
        return new AgentConfiguration(agentName, keys);
    }

    private static String substitute(String key, String value, Function<String, String> environment) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = environment.apply(matcher.group(1));
            if (replacement == null) {
                replacement = matcher.group(3);
            }
            if (replacement == null) {
                throw new ConfigurationException("Configuration key " + key + " refers to ${" + matcher.group(1)
                        + "}, which is not set in the environment: expected it set, or a default as ${"
                        + matcher.group(1) + ":-value}");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString().trim();
    }

    private void structure() {
        for (String kind : KINDS) {
            String list = keys.get(kind);
            names.put(kind, list == null || list.isBlank() ? List.of() : List.of(list.trim().split("\\s+")));
            components.put(kind, new LinkedHashMap<>());
            names.get(kind).forEach(name -> components.get(kind).put(name, new LinkedHashMap<>()));
        }
        for (Map.Entry<String, String> entry : keys.entrySet()) {
            String key = entry.getKey();
            int dot = key.indexOf('.');
            String kind = dot < 0 ? key : key.substring(0, dot);
            if (!KINDS.contains(kind)) {
                throw new ConfigurationException("Unknown configuration key " + agentName + "." + key
                        + ": expected " + agentName + ".sources, .channels, .sinks, .sinkgroups or keys below them");
            }
            if (dot < 0) {
                continue;
            }
            String rest = key.substring(dot + 1);
            int secondDot = rest.indexOf('.');
            if (secondDot < 0) {
                throw new ConfigurationException("Configuration key " + agentName + "." + key
                        + " has no component key: expected " + agentName + "." + kind + ".NAME.KEY");
            }
            String name = rest.substring(0, secondDot);
            Map<String, String> component = components.get(kind).get(name);
            if (component == null) {
                throw new ConfigurationException("Configuration key " + agentName + "." + key + " belongs to "
                        + kind.substring(0, kind.length() - 1) + " '" + name + "', which is not listed in "
                        + agentName + "." + kind + " = " + String.join(" ", names.get(kind)));
            }
            component.put(rest.substring(secondDot + 1), entry.getValue());
        }
        if (names.get("sources").isEmpty() && names.get("sinks").isEmpty()) {
            throw new ConfigurationException("Agent '" + agentName + "' has neither sources nor sinks: expected "
                    + agentName + ".sources = NAMES and/or " + agentName + ".sinks = NAMES");
        }
    }

    public String agentName() {
        return agentName;
    }

    /** Component names of {@code kind} (sources, channels, sinks, sinkgroups) in their listed order. */
    public List<String> names(String kind) {
        return names.get(kind);
    }

    /** The keys of one component, relative to {@code agent.kind.name.}, in a fresh context. */
    public ComponentContext context(String kind, String name) {
        return new ComponentContext(agentName, name, agentName + "." + kind + "." + name + ".",
                components.get(kind).get(name));
    }
}
