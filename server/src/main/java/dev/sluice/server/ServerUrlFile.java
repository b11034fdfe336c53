package dev.sluice.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The file {@value #NAME} in an embedded server's data folder that holds the JDBC URL clients connect with, while
 * the server runs. It lets the client commands ({@code sluice send}, ...) started in the same folder find the
 * server without being told its URL. Stateless.
 */
public final class ServerUrlFile {

    public static final String NAME = "server.url";

    private ServerUrlFile() {
    }

    /** Writes {@code jdbcUrl} into the data folder. */
    public static void write(Path dataDir, String jdbcUrl) {
        try {
            Files.writeString(dataDir.resolve(NAME), jdbcUrl + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the server's JDBC URL to " + dataDir.resolve(NAME), e);
        }
    }

    /** The URL a running server wrote into {@code dataDir}, if any. */
    public static Optional<String> read(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String url = Files.readString(file, StandardCharsets.UTF_8).trim();
            return url.isEmpty() ? Optional.empty() : Optional.of(url);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the server's JDBC URL from " + file, e);
        }
    }

    /** Removes the file (the server stopped). */
    public static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dataDir.resolve(NAME), e);
        }
    }
}
