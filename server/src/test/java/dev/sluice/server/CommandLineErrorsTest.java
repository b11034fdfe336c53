package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when the command line is wrong or the database cannot be reached: usage and exit 2, or one line
 * naming what was wrong and exit 1, never a stack trace. Each case is a real process; they run side by side.
 */
class CommandLineErrorsTest {

    private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/sluice";

    @Test
    void wrongCommandLinesPrintUsageAndUnreachableDatabasesOneLine() {
        ChildJvm unknownCommand = CommandRun.start("frobnicate");
        ChildJvm unknownOption = CommandRun.start("send", "orders", "hello", "--colour", "blue");
        ChildJvm missingSubcommand = CommandRun.start("queue");
        ChildJvm unreachable = CommandRun.start("send", "orders", "hello", "--url", UNREACHABLE);
        ChildJvm unreachableServer = CommandRun.start("server", "--jdbc-url", UNREACHABLE, "--admin-port", "0");

        CommandRun command = CommandRun.finish(unknownCommand);
        assertThat(command.exitCode()).as(command.toString()).isEqualTo(SluiceCommand.EXIT_USAGE);
        assertThat(command.text()).contains("Unmatched argument at index 0: 'frobnicate'", "Usage: sluice",
                "Commands:", "server", "consume");

        CommandRun option = CommandRun.finish(unknownOption);
        assertThat(option.exitCode()).as(option.toString()).isEqualTo(SluiceCommand.EXIT_USAGE);
        assertThat(option.text()).contains("Unknown option", "'--colour'", "Usage: sluice send");

        CommandRun subcommand = CommandRun.finish(missingSubcommand);
        assertThat(subcommand.exitCode()).as(subcommand.toString()).isEqualTo(SluiceCommand.EXIT_USAGE);
        assertThat(subcommand.text()).contains("Missing command", "Usage: sluice queue", "create", "describe");

        for (CommandRun failed : new CommandRun[] {CommandRun.finish(unreachable), CommandRun.finish(unreachableServer)}) {
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(SluiceCommand.EXIT_FAILURE);
            String error = failed.output().stream().filter(line -> line.startsWith("sluice: ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no error line: " + failed));
            assertThat(error).contains("Cannot connect to PostgreSQL at " + UNREACHABLE);
            assertThat(failed.output()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        }
    }

    @Test
    void aTakenEmbeddedPortAndAMissingServerAreOneLineNamingWhatToDo(@TempDir Path folder) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ChildJvm server = CommandRun.start("server", "--data-dir", folder.resolve("data").toString(), "--port",
                    String.valueOf(taken.getLocalPort()), "--admin-port", "0");
            CommandRun url = CommandRun.run("url", "--data-dir", folder.resolve("nothing").toString());
            CommandRun refused = CommandRun.finish(server);

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(SluiceCommand.EXIT_FAILURE);
            assertThat(refused.text()).contains("sluice: Port " + taken.getLocalPort() + " on localhost is taken",
                    "choose another with --port PORT (--port 0 = any free port)");
            assertThat(url.exitCode()).as(url.toString()).isEqualTo(SluiceCommand.EXIT_FAILURE);
            assertThat(url.text()).contains("sluice: No server runs on " + folder.resolve("nothing").toAbsolutePath());
            for (CommandRun failed : List.of(refused, url)) {
                assertThat(failed.output()).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
            }
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"server", "--help"}, {"queue", "create", "--help"},
                {"topic", "describe", "--help"}, {"send", "--help"}, {"consume", "--help"}, {"tail", "--help"},
                {"demo", "--help"}, {"sql", "--help"}, {"grant", "--help"}, {"revoke", "--help"},
                {"grants", "--help"}, {"grants", "default", "--help"}, {"url", "--help"}}) {
            // In this JVM: parsing and help need no database, and eight JVMs would only cost time.
            java.io.StringWriter out = new java.io.StringWriter();
            picocli.CommandLine commandLine = new picocli.CommandLine(new SluiceCommand());
            commandLine.setOut(new java.io.PrintWriter(out));
            int exitCode = commandLine.execute(args);
            assertThat(exitCode).as(String.join(" ", args)).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).startsWith("Usage: sluice");
        }
    }
}
