package dev.sluice.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A class's {@code main} running in a separate JVM with this JVM's class path, for tests where a process must
 * crash (kill -9) or where clients must not share a JVM. Its output lines are collected so a test can wait for
 * one ("ready"). Thread-safe.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final String name;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process, String name) {
        this.process = process;
        this.name = name;
        Thread pump = new Thread(this::pumpOutput, "sluice-test-child-output | " + name);
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code mainClass} with {@code args}; stdout and stderr are merged and collected. */
    public static ChildJvm start(Class<?> mainClass, String... args) {
        return startIn(null, mainClass, args);
    }

    /**
     * Starts {@code mainClass} with {@code args} in the working directory {@code folder} (null: this JVM's), as a
     * command typed in that folder runs.
     */
    public static ChildJvm startIn(Path folder, Class<?> mainClass, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (folder != null) {
                builder.directory(folder.toFile());
            }
            Process process = builder.start();
            return new ChildJvm(process, mainClass.getSimpleName());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start child JVM for " + mainClass.getName(), e);
        }
    }

    private void pumpOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("[output unreadable: " + e + "]");
        }
    }

    /** Waits until a line containing {@code text} has been printed. */
    public void awaitLine(String text, Duration timeout) {
        Await.until(() -> hasLine(text),
                timeout, () -> name + " did not print '" + text + "'; alive=" + process.isAlive() + ", output:\n"
                        + String.join("\n", lines));
    }

    private boolean hasLine(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    /** Every line printed so far. */
    public List<String> output() {
        return List.copyOf(lines);
    }

    public Process process() {
        return process;
    }

    /** Kills the process the way a crash would (SIGKILL) and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a normal exit and returns the exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(Timing.scaled(timeout).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout + "; output:\n"
                        + String.join("\n", lines));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted waiting for " + name, e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
