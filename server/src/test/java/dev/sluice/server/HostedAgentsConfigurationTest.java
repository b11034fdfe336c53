package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server (in this JVM, on the test database) refuses to start when an agent configuration it should host is
 * wrong, with one message naming the file and the key, and leaves nothing running.
 */
@ExtendWith(PostgresExtension.class)
class HostedAgentsConfigurationTest {

    private static final String AGENT = """
            a1.sources = r1
            a1.channels = c1
            a1.sinks = k1
            a1.sources.r1.type = seq
            a1.sources.r1.channels = c1
            a1.channels.c1.type = jms
            a1.channels.c1.url = ${SLUICE_SERVER_URL}
            a1.channels.c1.user = ${SLUICE_SERVER_USER}
            a1.channels.c1.password = ${SLUICE_SERVER_PASSWORD:-}
            a1.channels.c1.destination = queue://hosted.errors
            a1.sinks.k1.type = null
            a1.sinks.k1.channel = c1
            """;

    private static String startFailure(TestDatabase db, Path... files) {
        ServerConfig config = ServerConfig.builder()
                .jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .adminPort(0).serverId("hosted-agents-test").sessionTimeout(Duration.ofSeconds(5))
                .agentConfigs(List.of(files))
                .build();
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (SluiceServer started = SluiceServer.start(config, out)) {
            throw new AssertionError("The server started with " + List.of(files) + " (" + started + ")");
        } catch (CommandFailedException e) {
            return e.getMessage();
        }
    }

    private static Path write(Path folder, String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aWrongKeyNamesTheFileAndTheKey(TestDatabase db, @TempDir Path folder) throws IOException {
        Path file = write(folder, "typo.properties", AGENT.replace("type = seq", "type = seqq"));
        assertThat(startFailure(db, file)).startsWith("--agent-config " + file + ": ")
                .contains("a1.sources.r1.type = 'seqq'").contains("seq");
    }

    @Test
    void aKeyOfNoAgentAndAnAgentDefinedTwiceAreRefused(TestDatabase db, @TempDir Path folder) throws IOException {
        Path stray = write(folder, "stray.properties", AGENT + "a1sinks.k1.type = null\n");
        assertThat(startFailure(db, stray))
                .contains("Configuration key a1sinks.k1.type in " + stray.toAbsolutePath() + " belongs to no agent")
                .contains("[a1]");

        Path first = write(folder, "first.properties", AGENT);
        Path second = write(folder, "second.properties", AGENT);
        assertThat(startFailure(db, first, second))
                .contains("Agent a1 is defined in " + first + " and again in " + second);

        Path empty = write(folder, "empty.properties", "# nothing\n");
        assertThat(startFailure(db, empty)).contains("defines no agent");
    }

    @Test
    void theServersDatabaseIsOfferedToTheConfiguration(TestDatabase db, @TempDir Path folder) throws IOException {
        // ${SLUICE_SERVER_URL} and ${SLUICE_SERVER_USER} resolve; the first wrong key is the one after them.
        Path file = write(folder, "capacity.properties", AGENT + "a1.channels.c1.capacity = lots\n");
        String message = startFailure(db, file);
        assertThat(message).contains("a1.channels.c1.capacity = 'lots' is invalid").doesNotContain("${");
        if (db.password() != null && !db.password().isEmpty()) {
            assertThat(message).doesNotContain(db.password());
        }
    }
}
