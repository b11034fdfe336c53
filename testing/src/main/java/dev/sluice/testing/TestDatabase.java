package dev.sluice.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * An isolated PostgreSQL database created for one test class: its JDBC URL and the credentials to log in.
 * Immutable and thread-safe.
 */
public record TestDatabase(String jdbcUrl, String user, String password) {

    /** Opens a new, unpooled connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl + " as " + user + "]";
    }
}
