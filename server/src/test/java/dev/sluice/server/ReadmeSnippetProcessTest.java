package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's snippets, taken from README.md itself, against a server started as {@code ./sluice server} is: no
 * option at all, in a folder of its own. So this server listens on the documented default port (15432): the test
 * fails, saying so, when something else on the machine has that port. The JMS snippet is compiled and run with
 * only the class path an application gets from {@code sluice-client}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeSnippetProcessTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path JNDI_PROPERTIES = Path.of("..", "examples", "src", "main", "resources",
            "jndi.properties");
    private static final String JMS_SECTION = "## Using Sluice from a JMS application";
    private static final Path CLIENT_RUNTIME_CLASSPATH = Path.of("..", "provider", "target", "runtime.classpath");

    private Path folder;
    private ServerProcess server;

    @BeforeAll
    void startServerAsTheReadmeDoes(@TempDir Path temporaryFolder) {
        folder = temporaryFolder;
        server = ServerProcess.launchAsTyped(folder).awaitUp();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theJmsSnippetRunsAsItIsAndCommandsInTheFolderFindTheServer(@TempDir Path classes) throws Exception {
        String snippet = block(readme(), "```java\n");
        assertThat(snippet).contains("jdbc:postgresql://localhost:15432/postgres?user=postgres");
        assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:15432/postgres?user=postgres");

        runAsMethodBody(snippet, classes);

        // No --url: 'sluice' started in the server's folder finds it, and sees what the snippet did.
        CommandRun describe = CommandRun.runIn(folder, "queue", "describe", "orders");
        assertThat(describe.exitCode()).as(describe.toString()).isZero();
        assertThat(describe.text()).contains("messages in:       1", "messages out:      1");
        CommandRun url = CommandRun.runIn(folder, "url");
        assertThat(url.exitCode()).as(url.toString()).isZero();
        assertThat(url.output()).containsExactly(server.jdbcUrl());
    }

    @Test
    void theJndiSnippetIsTheExamplesJndiPropertiesAndFindsTheServer() throws Exception {
        String snippet = block(readme().substring(readme().indexOf("through JNDI")), "```\n");
        assertThat(snippet).isEqualTo(Files.readString(JNDI_PROPERTIES, StandardCharsets.UTF_8));

        Properties properties = new Properties();
        properties.load(new StringReader(snippet));
        Context context = new InitialContext(new Hashtable<>(properties));
        try {
            ConnectionFactory factory = (ConnectionFactory) context.lookup("ConnectionFactory");
            Queue orders = (Queue) context.lookup("orders");
            try (JMSContext jms = factory.createContext()) {
                jms.createProducer().send(orders, "order through JNDI");
                assertThat(jms.createConsumer(orders).receiveBody(String.class, Duration.ofSeconds(30).toMillis()))
                        .isEqualTo("order through JNDI");
            }
        } finally {
            context.close();
        }
    }

    private static String readme() {
        try {
            String text = Files.readString(README, StandardCharsets.UTF_8);
            int section = text.indexOf(JMS_SECTION);
            assertThat(section).as("README.md has the section '" + JMS_SECTION + "'").isNotNegative();
            return text.substring(section);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + README.toAbsolutePath(), e);
        }
    }

    /** The text of the first fenced block of {@code text} that opens with {@code fence}. */
    private static String block(String text, String fence) {
        int start = text.indexOf(fence);
        assertThat(start).as("a block opened by " + fence.trim()).isNotNegative();
        int end = text.indexOf("```\n", start + fence.length());
        return text.substring(start + fence.length(), end);
    }

    /**
     * Compiles {@code body} as the body of a {@code main} method (with the JMS API imported) and runs it once in a
     * JVM of its own whose class path is only what an application that adds {@code sluice-client} has: the
     * provider's classes and its runtime class path as Maven resolved it ({@code provider/target/runtime.classpath}),
     * no server, no embedded PostgreSQL.
     */
    private static void runAsMethodBody(String body, Path classes) throws Exception {
        List<Path> client = clientClassPath();
        String classPath = client.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path source = classes.resolve("ReadmeSnippet.java");
        Files.writeString(source, "import jakarta.jms.*;\n\npublic final class ReadmeSnippet {\n"
                + "    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n",
                StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-classpath", classPath, "-d", classes.toString(),
                source.toString());
        assertThat(compiled).as("the README's snippet compiles against sluice-client alone:\n" + body).isZero();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", classes + File.pathSeparator + classPath,
                "ReadmeSnippet").redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(CommandRun.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The README's snippet did not finish within " + CommandRun.TIMEOUT);
        }
        assertThat(process.exitValue()).as("exit code of the README's snippet, which printed:\n" + output.get())
                .isZero();
    }

    private static List<Path> clientClassPath() throws IOException {
        assertThat(CLIENT_RUNTIME_CLASSPATH).as(CLIENT_RUNTIME_CLASSPATH.toAbsolutePath() + " (written when the"
                + " provider module is built in the same run: mvn ... -pl server -am)").exists();
        List<Path> entries = new ArrayList<>();
        entries.add(Path.of("..", "provider", "target", "classes").toAbsolutePath());
        for (String entry : Files.readString(CLIENT_RUNTIME_CLASSPATH, StandardCharsets.UTF_8).trim()
                .split(File.pathSeparator)) {
            entries.add(Path.of(entry));
        }
        return entries;
    }
}
