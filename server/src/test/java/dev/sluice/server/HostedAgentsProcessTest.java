package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice server --agent-config FILE} in a child JVM on its embedded PostgreSQL: the server hosts every agent
 * of the file, their counters are in {@code /metrics}, and SIGTERM stops the agents (sinks drain) before the
 * server closes its database.
 */
class HostedAgentsProcessTest {

    private static final String AGENTS = """
            # two agents in one file; the channels reach the hosting server's own database
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = seq
            a1.sources.r1.totalEvents = 50
            a1.sources.r1.batchSize = 10
            a1.sources.r1.channels = c1
            a1.channels.c1.type = jms
            a1.channels.c1.url = ${SLUICE_SERVER_URL}
            a1.channels.c1.destination = queue://hosted.seq
            a1.sinks.k1.type = file_roll
            a1.sinks.k1.channel = c1
            a1.sinks.k1.sink.directory = %s
            a1.sinks.k1.sink.batchSize = 10
            a2.sources = r1
            a2.channels = c1
            a2.sinks = k1
            a2.sources.r1.type = seq
            a2.sources.r1.totalEvents = 20
            a2.sources.r1.channels = c1
            a2.channels.c1.type = jms
            a2.channels.c1.url = ${SLUICE_SERVER_URL}
            a2.channels.c1.destination = queue://hosted.other
            a2.sinks.k1.type = null
            a2.sinks.k1.channel = c1
            """;

    @Test
    void serverHostsTheAgentsOfItsConfigurationWithCountersInMetricsAndStopsThemOnSigterm(@TempDir Path folder)
            throws IOException {
        Path landed = folder.resolve("landed");
        Path config = folder.resolve("agents.properties");
        Files.writeString(config, AGENTS.formatted(landed), StandardCharsets.UTF_8);
        try (ServerProcess server = ServerProcess.start("--data-dir", folder.resolve("data").toString(),
                "--agent-config", config.toString())) {
            server.child().awaitLine("Clients connect with", ServerProcess.STARTUP);
            assertThat(server.printed("Agent:           a1 from " + config.toAbsolutePath())).isTrue();
            assertThat(server.printed("Agent:           a2 from " + config.toAbsolutePath())).isTrue();

            Await.until(() -> lines(landed).size() >= 50, Duration.ofSeconds(60),
                    () -> "landed " + lines(landed).size() + " of 50 lines; server output:\n"
                            + String.join("\n", server.child().output()));
            assertThat(lines(landed)).hasSize(50).doesNotHaveDuplicates();
            Await.until(() -> AdminClient.metrics(server.adminUri())
                            .value("sluice_flume_sink_event_drain_success_total", "agent", "a2", "component", "k1")
                            .orElse(0.0) == 20
                            && AdminClient.metrics(server.adminUri())
                            .value("sluice_flume_sink_event_drain_success_total", "agent", "a1", "component", "k1")
                            .orElse(0.0) == 50,
                    Duration.ofSeconds(60), () -> "drain counters not reached:\n"
                            + AdminClient.get(server.adminUri(), "metrics").body());

            PrometheusText metrics = AdminClient.metrics(server.adminUri());
            String[] source = {"agent", "a1", "component", "r1"};
            String[] channel = {"agent", "a1", "component", "c1"};
            assertThat(metrics.value("sluice_flume_agents")).contains(2.0);
            assertThat(metrics.value("sluice_flume_source_event_accepted_total", source)).contains(50.0);
            assertThat(metrics.value("sluice_flume_channel_event_put_success_total", channel)).contains(50.0);
            assertThat(metrics.value("sluice_flume_channel_event_take_success_total", channel)).contains(50.0);
            assertThat(metrics.type("sluice_flume_source_event_accepted_total")).isEqualTo("counter");
            // The channel's queue is one of the server's destinations, so the log's figures agree with the counters.
            assertThat(metrics.value("sluice_destination_messages_in_total", "destination", "hosted.seq"))
                    .contains(50.0);

            ChildJvm child = server.child();
            child.process().toHandle().destroy(); // SIGTERM
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(String.join("\n", child.output())).isZero();
            List<String> output = child.output();
            int agentStopped = indexOf(output, "agent a1: stopped");
            assertThat(agentStopped).as(String.join("\n", output)).isNotNegative();
            // Agents stop first: the database they write to is closed after them.
            assertThat(output.subList(agentStopped, output.size()))
                    .anyMatch(line -> line.contains("Embedded PostgreSQL on") && line.contains("stopped"))
                    .anyMatch(line -> line.matches("Sluice server .* stopped"));
        }
    }

    private static int indexOf(List<String> output, String text) {
        for (int i = 0; i < output.size(); i++) {
            if (output.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> lines(Path directory) {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                if (!content.isEmpty()) {
                    lines.addAll(List.of(content.split("\n")));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines;
    }
}
