package dev.sluice.flume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every configuration error names the key and what was expected. No database: nothing is started. */
class ConfigurationErrorsTest {

    private static final String BASE = """
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = netcat
            a1.sources.r1.bind = localhost
            a1.sources.r1.port = 4444
            a1.sources.r1.channels = c1
            a1.channels.c1.type = jms
            a1.channels.c1.url = jdbc:postgresql://localhost:5432/db
            a1.channels.c1.destination = queue://logs
            a1.sinks.k1.type = logger
            a1.sinks.k1.channel = c1
            """;

    private static Agent create(String text) {
        return Agent.create(AgentTestSupport.configuration("a1", text, null));
    }

    private static String error(String text) {
        try {
            create(text);
        } catch (ConfigurationException e) {
            return e.getMessage();
        }
        throw new AssertionError("no ConfigurationException for:\n" + text);
    }

    @Test
    void aValidConfigurationBuilds() {
        assertThat(create(BASE).source("r1")).isInstanceOf(dev.sluice.flume.sources.NetcatSource.class);
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        assertThat(error(BASE.replace("type = netcat", "type = netkat")))
                .contains("a1.sources.r1.type = 'netkat'").contains("[exec, taildir, spooldir, netcat");
    }

    @Test
    void unknownKeyListsTheKnownKeys() {
        assertThat(error(BASE + "a1.sources.r1.bacthSize = 10\n"))
                .contains("Unknown configuration key a1.sources.r1.bacthSize").contains("batchSize")
                .contains("max-line-length");
    }

    @Test
    void missingAndInvalidValuesNameTheKey() {
        assertThat(error(BASE.replace("a1.sources.r1.port = 4444\n", "")))
                .contains("a1.sources.r1.port is missing: expected the TCP port");
        assertThat(error(BASE.replace("port = 4444", "port = 99999")))
                .contains("a1.sources.r1.port = '99999' is invalid: expected a whole number between 0 and 65535");
        assertThat(error(BASE.replace("queue://logs", "logs")))
                .contains("a1.channels.c1.destination = 'logs' is invalid: expected queue://NAME or topic://NAME");
        assertThat(error(BASE.replace("a1.sinks.k1.channel = c1", "a1.sinks.k1.channel = c9")))
                .contains("a1.sinks.k1.channel = 'c9' is invalid: expected names from a1.channels = [c1]");
    }

    @Test
    void flumesJmsKeyNamesMayNotBeSetBesideOursAndAnUnreadablePasswordFileIsNamedNotRead() {
        String source = BASE.replace("""
                a1.sources.r1.type = netcat
                a1.sources.r1.bind = localhost
                a1.sources.r1.port = 4444
                """, """
                a1.sources.r1.type = jms
                a1.sources.r1.destinationName = in
                a1.sources.r1.url = jdbc:postgresql://localhost:5432/db
                """);
        assertThat(error(source + "a1.sources.r1.user = app\na1.sources.r1.userName = app\n"))
                .contains("a1.sources.r1.user and a1.sources.r1.userName are both set")
                .contains("userName is Flume's name for user");
        assertThat(error(source + "a1.sources.r1.password = x\na1.sources.r1.passwordFile = /tmp/p\n"))
                .contains("a1.sources.r1.password and a1.sources.r1.passwordFile are both set");
        assertThat(error(source + "a1.sources.r1.initialContextFactory = com.example.Factory\n"))
                .contains("a1.sources.r1.url and a1.sources.r1.initialContextFactory are both set");
        assertThat(error(source + "a1.sources.r1.passwordFile = /nonexistent/jms.password\n"))
                .contains("a1.sources.r1.passwordFile = '/nonexistent/jms.password' is invalid: expected a"
                        + " readable file holding the password (NoSuchFileException)");
    }

    @Test
    void keysOfUnlistedComponentsAndOfNoKindAreRejected() {
        assertThat(error(BASE + "a1.sources.r2.type = seq\n"))
                .contains("a1.sources.r2.type belongs to source 'r2', which is not listed in a1.sources = r1");
        assertThat(error(BASE + "a1.sink.k1.type = logger\n")).contains("Unknown configuration key a1.sink.k1.type");
    }

    @Test
    void environmentVariablesAreSubstitutedAndAMissingOneIsNamed() {
        String text = BASE.replace("jdbc:postgresql://localhost:5432/db", "${SLUICE_URL}");
        assertThatThrownBy(() -> Agent.create(AgentConfiguration.parse("a1", properties(text), name -> null)))
                .hasMessageContaining("a1.channels.c1.url refers to ${SLUICE_URL}, which is not set");
        AgentConfiguration configuration = AgentConfiguration.parse("a1",
                properties(text.replace("port = 4444", "port = ${PORT:-5555}")),
                Map.of("SLUICE_URL", "jdbc:postgresql://h/db")::get);
        assertThat(configuration.context("sources", "r1").string("port", "")).isEqualTo("5555");
        assertThat(configuration.context("channels", "c1").string("url", "")).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void customComponentClassMustImplementTheKind() {
        assertThat(error(BASE.replace("a1.sinks.k1.type = logger", "a1.sinks.k1.type = java.lang.String")))
                .contains("a1.sinks.k1.type = 'java.lang.String' is a class that does not implement dev.sluice.flume.Sink");
        assertThat(error(BASE.replace("a1.sinks.k1.type = logger", "a1.sinks.k1.type = com.example.Nope")))
                .contains("no such class on the class path");
    }

    @Test
    void interceptorSelectorAndProcessorKeysAreChecked() {
        assertThat(error(BASE + "a1.sources.r1.interceptors = i1\na1.sources.r1.interceptors.i1.type = regex_filter\n"
                + "a1.sources.r1.interceptors.i1.regex = (unclosed\n"))
                .contains("a1.sources.r1.interceptors.i1.regex = '(unclosed' is invalid: expected a Java regular");
        assertThat(error(BASE + "a1.sources.r1.selector.type = multiplexing\na1.sources.r1.selector.mapping.x = c2\n"))
                .contains("a1.sources.r1.selector.mapping.x = 'c2' is invalid: expected channels of this source [c1]");
        assertThat(error(BASE.replace("a1.sinks = k1", "a1.sinks = k1\na1.sinkgroups = g1")
                + "a1.sinkgroups.g1.sinks = k1\na1.sinkgroups.g1.processor.type = failover\n"
                + "a1.sinkgroups.g1.processor.maxpenalty = soon\n"))
                .contains("a1.sinkgroups.g1.processor.maxpenalty = 'soon' is invalid: expected a whole number");
    }

    private static Map<String, String> properties(String text) {
        java.util.Properties properties = new java.util.Properties();
        try {
            properties.load(new java.io.StringReader(text));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Map<String, String> map = new java.util.HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }
}
