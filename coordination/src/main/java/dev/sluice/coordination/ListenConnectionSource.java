package dev.sluice.coordination;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the dedicated (unpooled) PostgreSQL connection on which a {@link Coordinator} listens for change
 * notifications. Called again to reconnect after that connection broke. Must be thread-safe.
 */
@FunctionalInterface
public interface ListenConnectionSource {

    Connection open() throws SQLException;
}
