package dev.sluice.flume;

import dev.sluice.testing.TestDatabase;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** Agents from configuration text, and reading what file sinks wrote. */
public final class AgentTestSupport {

    private AgentTestSupport() {
    }

    /** Parses {@code text} (Flume properties) with {@code ${DB_URL}}, {@code ${DB_USER}}, {@code ${DB_PASSWORD}}. */
    public static AgentConfiguration configuration(String agent, String text, TestDatabase db, String... urlParameters) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        Map<String, String> environment = db == null ? Map.of() : Map.of(
                "DB_URL", url(db, urlParameters), "DB_USER", db.user(), "DB_PASSWORD", db.password());
        return AgentConfiguration.parse(agent, map, environment::get);
    }

    public static String url(TestDatabase db, String... parameters) {
        StringBuilder url = new StringBuilder(db.jdbcUrl());
        for (String parameter : parameters) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append(parameter);
        }
        return url.toString();
    }

    public static Agent start(String agent, String text, TestDatabase db, String... urlParameters) {
        Agent created = Agent.create(configuration(agent, text, db, urlParameters));
        created.setDrainMillis(2000);
        created.start();
        return created;
    }

    /** Every line of every regular file below {@code directory} (recursively), in no particular order. */
    public static List<String> lines(Path directory) {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(directory)) {
            return lines;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                if (!content.isEmpty()) {
                    lines.addAll(List.of(content.split("\n")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    public static void append(Path file, String... lines) {
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
