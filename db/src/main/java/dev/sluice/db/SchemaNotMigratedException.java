package dev.sluice.db;

/**
 * The database has no Sluice schema, or one older than this client needs: a client never migrates (the server
 * does, and {@code sluice migrate}), so the message names the command that would fix it.
 */
public class SchemaNotMigratedException extends SluiceDatabaseException {

    private final String jdbcUrl;
    private final Integer foundVersion;
    private final int requiredVersion;

    public SchemaNotMigratedException(String message, String jdbcUrl, Integer foundVersion, int requiredVersion) {
        super(message);
        this.jdbcUrl = jdbcUrl;
        this.foundVersion = foundVersion;
        this.requiredVersion = requiredVersion;
    }

    /** The URL of the database, as the client was given it (it may hold a password: redact before printing). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The schema's version, or null when the database has no Sluice schema. */
    public Integer foundVersion() {
        return foundVersion;
    }

    public int requiredVersion() {
        return requiredVersion;
    }
}
