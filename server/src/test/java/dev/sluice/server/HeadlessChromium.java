package dev.sluice.server;

import dev.sluice.testing.Timing;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Debian package's headless Chromium, run as a process per page for tests: it loads a page, runs its scripts
 * for a few seconds of virtual time, and prints the DOM as it then is (or saves a screenshot). Each run has its own
 * profile folder, and ends within a deadline or is killed. {@code .ci/install-chromium} installs the package.
 * Thread-safe.
 */
final class HeadlessChromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Virtual time the page's scripts get before the DOM is read: they fetch the charts' figures and draw. */
    private static final int SCRIPT_MILLIS = 5_000;

    private final Path binary;
    private final Path work;

    private HeadlessChromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** The first Chromium on the PATH, running with profiles under {@code work}; empty when none is installed. */
    static Optional<HeadlessChromium> find(Path work) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(folder -> !folder.isEmpty())
                .flatMap(folder -> NAMES.stream().map(name -> Path.of(folder, name)))
                .filter(Files::isExecutable)
                .findFirst()
                .map(binary -> new HeadlessChromium(binary, work));
    }

    Path binary() {
        return binary;
    }

    /** The page's DOM after its scripts ran. */
    String dumpDom(URI page) {
        return run(page, List.of("--dump-dom"));
    }

    /** Saves a screenshot of the page, {@code width} by {@code height} pixels, as PNG. */
    void screenshot(URI page, Path png, int width, int height) {
        run(page, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("Chromium saved no screenshot of " + page + " at " + png);
        }
    }

    private String run(URI page, List<String> what) {
        try {
            Path profile = Files.createTempDirectory(work, "chromium-profile");
            Path out = Files.createTempFile(work, "chromium", ".out");
            Path err = Files.createTempFile(work, "chromium", ".err");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                    "--user-data-dir=" + profile, "--virtual-time-budget=" + SCRIPT_MILLIS));
            command.addAll(what);
            command.add(page.toString());
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            Duration deadline = Timing.scaled(DEADLINE);
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("Chromium did not finish loading " + page + " within " + deadline.toSeconds()
                        + " s; it printed:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("Chromium exited with " + process.exitValue() + " loading " + page
                        + "; it printed:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + binary + " on " + page, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while Chromium loaded " + page, e);
        }
    }
}
