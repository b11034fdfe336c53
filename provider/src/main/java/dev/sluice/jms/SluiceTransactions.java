package dev.sluice.jms;

import dev.sluice.jms.internal.ApplicationTransaction;
import dev.sluice.jms.internal.JmsExceptions;
import dev.sluice.jms.internal.SluiceConnection;
import dev.sluice.jms.internal.SluiceContext;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Session;
import javax.sql.DataSource;

/**
 * Messages in the application's own JDBC transaction, on the database Sluice uses: sends and acknowledgements of a
 * joined session or context are written on the application's connection and take effect when the application
 * commits it, or vanish when it rolls back (or its process dies first). No XA and no outbox table: "save the order
 * and send its event" is one local transaction.
 *
 * <p>A joined send writes a pending message, not a log row, so the application's transaction never takes a
 * partition's append lock however long it stays open; once it commits, a running Sluice client or server moves the
 * message into the log (the commit's notification wakes it), where it gets its offset. A received message is
 * acknowledged in the application's transaction; after a rollback it is delivered again once its lease ran out.
 *
 * <p>Joined sessions are transacted ({@code getTransacted()} is true) and refuse {@code commit()} and
 * {@code rollback()} with a TransactionInProgressException: the application's transaction decides.
 * See {@code docs/transactions.md}.
 */
public final class SluiceTransactions {

    private SluiceTransactions() {
    }

    /**
     * A context whose work is done in {@code connection}'s current transaction (and in its following ones, as long
     * as the context is used). Sluice never commits, rolls back or closes {@code connection}.
     *
     * @param factory    a Sluice connection factory on the same database as {@code connection}
     * @param connection the application's JDBC connection, with auto-commit off for a transaction of several
     *                   statements
     */
    public static JMSContext join(ConnectionFactory factory, java.sql.Connection connection) {
        if (connection == null) {
            throw new JMSRuntimeException("No JDBC connection given to join");
        }
        return joinedContext(factory, ApplicationTransaction.of(connection));
    }

    /**
     * A connection factory whose connections' sessions (any acknowledgement mode asked for) write into the
     * transaction of the connection {@code dataSource} hands out at each send or receive: give it a transaction-aware
     * data source (Spring's {@code TransactionAwareDataSourceProxy} around the DataSource of a
     * {@code DataSourceTransactionManager}) and a {@code JmsTemplate} on this factory sends inside
     * {@code @Transactional} methods, committing and rolling back with their JDBC work.
     */
    public static ConnectionFactory joining(ConnectionFactory factory, DataSource dataSource) {
        if (dataSource == null) {
            throw new JMSRuntimeException("No DataSource given to join");
        }
        SluiceConnectionFactory sluice = sluice(factory);
        ApplicationTransaction transaction = ApplicationTransaction.of(dataSource);
        return new ConnectionFactory() {
            @Override
            public Connection createConnection() throws JMSException {
                return joined(sluice.createConnection(), transaction);
            }

            @Override
            public Connection createConnection(String userName, String password) throws JMSException {
                return joined(sluice.createConnection(userName, password), transaction);
            }

            @Override
            public JMSContext createContext() {
                return joinedContext(sluice, transaction);
            }

            @Override
            public JMSContext createContext(String userName, String password) {
                return joinedContext(sluice, transaction, userName, password);
            }

            @Override
            public JMSContext createContext(String userName, String password, int sessionMode) {
                return joinedContext(sluice, transaction, userName, password);
            }

            @Override
            public JMSContext createContext(int sessionMode) {
                return joinedContext(sluice, transaction);
            }

            @Override
            public String toString() {
                return "joining " + sluice;
            }
        };
    }

    private static SluiceConnectionFactory sluice(ConnectionFactory factory) {
        if (factory instanceof SluiceConnectionFactory sluice) {
            return sluice;
        }
        throw new JMSRuntimeException("Only a Sluice connection factory can join a JDBC transaction; got "
                + (factory == null ? "null" : factory.getClass().getName()));
    }

    private static Connection joined(Connection connection, ApplicationTransaction transaction) {
        ((SluiceConnection) connection).joinApplicationTransaction(transaction);
        return connection;
    }

    private static JMSContext joinedContext(ConnectionFactory factory, ApplicationTransaction transaction) {
        return joinedContext(sluice(factory), transaction, null, null);
    }

    private static JMSContext joinedContext(SluiceConnectionFactory factory, ApplicationTransaction transaction,
                                            String userName, String password) {
        try {
            Connection connection = userName == null ? factory.createConnection()
                    : factory.createConnection(userName, password);
            return SluiceContext.open((SluiceConnection) joined(connection, transaction), Session.SESSION_TRANSACTED);
        } catch (JMSException e) {
            throw JmsExceptions.toRuntime(e);
        }
    }
}
