package dev.sluice.db;

import java.sql.SQLException;

/**
 * PostgreSQL could not be reached or refused the login; the message names the URL (its password masked, see
 * {@link JdbcUrls}) and the server's reason.
 */
public class DatabaseUnavailableException extends SluiceDatabaseException {

    private final String jdbcUrl;
    private final String sqlState;

    public DatabaseUnavailableException(String jdbcUrl, SQLException cause) {
        super("Cannot connect to PostgreSQL at " + JdbcUrls.redact(jdbcUrl) + ": " + cause.getMessage(), cause);
        this.jdbcUrl = jdbcUrl;
        this.sqlState = cause.getSQLState();
    }

    private DatabaseUnavailableException(String message, String jdbcUrl, SQLException cause) {
        super(message, cause);
        this.jdbcUrl = jdbcUrl;
        this.sqlState = cause.getSQLState();
    }

    /** The database became unavailable (or refused the login) while doing {@code what}. */
    public static DatabaseUnavailableException during(String what, SQLException cause) {
        return new DatabaseUnavailableException(what + " failed: the database is unavailable (SQLSTATE "
                + cause.getSQLState() + ": " + cause.getMessage() + ")", null, cause);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The SQLSTATE the driver reported (class 28 = authentication, 08 = connection), may be null. */
    public String sqlState() {
        return sqlState;
    }

    /** True when the server was reached but refused the credentials. */
    public boolean authenticationFailed() {
        return sqlState != null && sqlState.startsWith("28");
    }
}
