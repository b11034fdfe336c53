package dev.sluice.db;

import java.nio.file.Path;

/**
 * Service interface ({@link java.util.ServiceLoader}) through which {@link Database#open} starts the embedded
 * PostgreSQL; {@code sluice-embedded} provides the one implementation. Implementations are thread-safe.
 */
public interface EmbeddedServerStarter {

    /**
     * Starts (or restarts on the data it finds) a server on {@code dataDir} and migrates its schema; port 0 picks a
     * free one.
     *
     * @throws DataFolderInUseException when a live process runs the folder already
     * @throws PortTakenException       when something listens on {@code port} already
     */
    EmbeddedServer start(Path dataDir, int port);
}
