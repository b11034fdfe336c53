package dev.sluice.db;

import java.nio.file.Path;

/**
 * A PostgreSQL that Sluice runs inside this JVM, its schema migrated, for a {@link DatabaseConfig} without a URL.
 * The implementation lives in {@code sluice-embedded} ({@code dev.sluice.embedded.EmbeddedPostgresServer}), found
 * through {@link EmbeddedServerStarter}, so that a client of a running server carries none of its binaries.
 * Implementations are thread-safe.
 */
public interface EmbeddedServer extends AutoCloseable {

    /** The URL that this and other processes on this machine connect with, as {@link #user()}. */
    String jdbcUrl();

    /** The role clients of this server log in as (a superuser without a password, on localhost only). */
    String user();

    int port();

    Path dataDir();

    /**
     * Replaces the description of this folder's owner that a second process, refused the folder, shows (one line;
     * never a password).
     */
    void describeOwner(String owner);

    /** Stops the server cleanly. */
    @Override
    void close();
}
