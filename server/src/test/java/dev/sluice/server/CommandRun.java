package dev.sluice.server;

import dev.sluice.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One finished run of the {@code sluice} command in a child JVM: its exit code and merged output. */
record CommandRun(int exitCode, List<String> output) {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Starts {@code sluice args...} in a child JVM without waiting. */
    static ChildJvm start(String... args) {
        return ChildJvm.start(SluiceCommand.class, args);
    }

    /** Runs {@code sluice args...} in a child JVM whose working directory is {@code folder}, and waits for it. */
    static CommandRun runIn(Path folder, String... args) {
        return finish(ChildJvm.startIn(folder, SluiceCommand.class, args));
    }

    /** Runs {@code sluice args...} in a child JVM and waits for it to exit. */
    static CommandRun run(String... args) {
        return finish(start(args));
    }

    static CommandRun finish(ChildJvm child) {
        try (child) {
            int exitCode = child.awaitExit(TIMEOUT);
            return new CommandRun(exitCode, child.output());
        }
    }

    String text() {
        return String.join("\n", output);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", output:\n" + text();
    }
}
