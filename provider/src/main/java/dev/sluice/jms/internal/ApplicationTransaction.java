package dev.sluice.jms.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Where a joined session's sends and acknowledgements are written: the application's own JDBC transaction, which
 * the application commits or rolls back. Either one connection the application handed over, or a {@link DataSource}
 * asked for a connection at each operation (a transaction-aware one, such as Spring's, hands out the connection of
 * the transaction in progress; closing it does not end that transaction).
 */
public interface ApplicationTransaction {

    /** Runs {@code work} on the application's connection, in its current transaction. */
    void use(Consumer<Connection> work) throws SQLException;

    /**
     * Whether the transaction {@link #use} runs in now will be prepared (XA): PostgreSQL refuses to prepare a
     * transaction that sent a NOTIFY, so its sends must not announce themselves.
     */
    default boolean willBePrepared() {
        return false;
    }

    /**
     * {@code record} was acknowledged in the transaction {@link #use} ran in: one that knows when it rolls back
     * (XA) makes the message available again at once instead of when its lease runs out.
     */
    default void acknowledged(dev.sluice.db.engine.Held record) {
    }

    /** The application's connection, used as it is; never closed by Sluice. */
    static ApplicationTransaction of(Connection connection) {
        return work -> {
            if (connection.isClosed()) {
                throw new SQLException("The application's JDBC connection this session joined is closed");
            }
            work.accept(connection);
        };
    }

    /** A connection of {@code dataSource} per operation, closed after it (which ends nothing when it is bound). */
    static ApplicationTransaction of(DataSource dataSource) {
        return work -> {
            try (Connection connection = dataSource.getConnection()) {
                work.accept(connection);
            }
        };
    }
}
