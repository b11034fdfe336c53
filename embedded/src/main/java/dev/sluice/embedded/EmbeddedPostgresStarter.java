package dev.sluice.embedded;

import dev.sluice.db.EmbeddedServer;
import dev.sluice.db.EmbeddedServerStarter;
import java.nio.file.Path;

/**
 * What {@link dev.sluice.db.Database#open} finds through {@link java.util.ServiceLoader} when a
 * {@link dev.sluice.db.DatabaseConfig} has no URL: starts an {@link EmbeddedPostgresServer}, migrated. Registered in
 * {@code META-INF/services}; stateless and thread-safe.
 */
public final class EmbeddedPostgresStarter implements EmbeddedServerStarter {

    @Override
    public EmbeddedServer start(Path dataDir, int port) {
        return EmbeddedPostgresServer.start(dataDir, port);
    }
}
