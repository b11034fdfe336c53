package dev.sluice.server;

import dev.sluice.testing.ChildJvm;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code sluice server} running in a child JVM, with the JDBC URL and admin address it printed. */
final class ServerProcess implements AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(120);

    private final ChildJvm child;
    private String jdbcUrl;
    private URI adminUri;

    private ServerProcess(ChildJvm child) {
        this.child = child;
    }

    /** Starts {@code sluice server} with {@code args} (plus {@code --admin-port 0}) and waits until it is up. */
    static ServerProcess start(String... args) {
        return launch(args).awaitUp();
    }

    /**
     * Starts {@code sluice server} with {@code args} without waiting, plus {@code --admin-port 0} and, for an
     * embedded database, {@code --port 0} unless {@code args} choose them: servers of tests on one machine must
     * not take each other's ports.
     */
    static ServerProcess launch(String... args) {
        List<String> given = List.of(args);
        List<String> all = new ArrayList<>(List.of("server"));
        if (!given.contains("--admin-port")) {
            all.addAll(List.of("--admin-port", "0"));
        }
        if (!given.contains("--port") && !given.contains("--jdbc-url")) {
            all.addAll(List.of("--port", "0"));
        }
        all.addAll(given);
        return new ServerProcess(ChildJvm.start(SluiceCommand.class, all.toArray(String[]::new)));
    }

    /**
     * Starts {@code sluice server} with exactly {@code args}, as an operator types it in {@code folder} (null: the
     * tests' working directory), without waiting.
     */
    static ServerProcess launchAsTyped(Path folder, String... args) {
        List<String> all = new ArrayList<>(List.of("server"));
        all.addAll(List.of(args));
        return new ServerProcess(ChildJvm.startIn(folder, SluiceCommand.class, all.toArray(String[]::new)));
    }

    /** The pid of the server's JVM. */
    long pid() {
        return child.process().pid();
    }

    /** Waits until the server printed that it is up, and reads its addresses. */
    ServerProcess awaitUp() {
        child.awaitLine(" is up", STARTUP);
        child.awaitLine("Admin endpoint:", STARTUP);
        jdbcUrl = valueAfter("JDBC URL:");
        adminUri = URI.create(valueAfter("Admin endpoint:").split("\\s+")[0]);
        return this;
    }

    private String valueAfter(String label) {
        return child.output().stream()
                .filter(line -> line.trim().startsWith(label))
                .map(line -> line.trim().substring(label.length()).trim())
                .findFirst()
                .orElseThrow(() -> new AssertionError("The server did not print '" + label + "':\n"
                        + String.join("\n", child.output())));
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    URI adminUri() {
        return adminUri;
    }

    ChildJvm child() {
        return child;
    }

    boolean printed(String text) {
        return child.output().stream().anyMatch(line -> line.contains(text));
    }

    @Override
    public void close() {
        child.close();
    }
}
