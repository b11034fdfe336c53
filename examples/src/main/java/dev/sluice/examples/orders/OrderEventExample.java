package dev.sluice.examples.orders;

import dev.sluice.examples.ExampleDatabase;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.jms.SluiceTransactions;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Save an order and send its event in one transaction: plain JDBC inserts the order into the application's table
 * {@code example_orders}, and a JMSContext from {@link SluiceTransactions#join} sends its {@code order-created}
 * event on the same {@link Connection}. One {@code commit()} makes both visible; one {@code rollback()} undoes
 * both. No XA, no outbox table: the application's data and Sluice share one PostgreSQL database.
 *
 * <p>A MessageListener on a context of its own (the provider's listener thread) prints each event it receives.
 * The program places three orders: the first and the third commit, the second rolls back (its payment is
 * declined), so the listener receives two events and the table holds two of the three rows.
 *
 * <p>{@code main [--url JDBC_URL [--user USER] [--password PASSWORD]] [WORK_DIR]}: see {@link ExampleDatabase}.
 */
public final class OrderEventExample {

    static final String EVENTS = "examples.orders.events";
    static final String TABLE = "example_orders";
    private static final String END = "end of the demo";
    private static final long WAIT_SECONDS = 10;

    /**
     * What a run did.
     *
     * @param committed  the IDs of the orders whose transaction committed
     * @param rolledBack the ID the rolled-back order had been given (a sequence value is not given back)
     * @param events     the bodies of the events the listener received, in the order it received them
     */
    public record Outcome(List<Long> committed, long rolledBack, List<String> events) {
    }

    private OrderEventExample() {
    }

    public static void main(String[] args) throws SQLException, InterruptedException {
        try (ExampleDatabase database = ExampleDatabase.open(args, "order-event-example")) {
            run(database.url(), database.user(), database.password(), System.out);
        }
    }

    /** Starts the listener, places the three orders, prints what the listener received and the table's rows. */
    public static Outcome run(String jdbcUrl, String user, String password, PrintStream out)
            throws SQLException, InterruptedException {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(jdbcUrl);
        factory.setUser(user);
        factory.setPassword(password);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (JMSContext listening = factory.createContext();
             Connection application = DriverManager.getConnection(jdbcUrl, user, password)) {
            Queue queue = listening.createQueue(EVENTS);
            listening.createConsumer(queue).setMessageListener(message -> {
                try {
                    String body = message.getBody(String.class);
                    if (!body.equals(END)) {
                        out.println("Listener received " + message.getJMSType() + ": " + body);
                    }
                    received.add(body);
                } catch (JMSException e) {
                    throw new JMSRuntimeException("Cannot read an event: " + e.getMessage(), e.getErrorCode(), e);
                }
            });
            out.println("Listener is listening on queue " + EVENTS);

            createTable(application);
            application.setAutoCommit(false);
            List<Long> committed = new ArrayList<>();
            long rolledBack;
            List<String> events = new ArrayList<>();
            // One joined context serves every transaction of this connection, one after the other.
            try (JMSContext joined = SluiceTransactions.join(factory, application)) {
                long first = placeOrder(application, joined, "Ada", "2 books", out);
                application.commit();
                out.println("Committed order " + first + " and its event");
                committed.add(first);
                awaitEvent(received, events, out);

                rolledBack = placeOrder(application, joined, "Grace", "1 lamp", out);
                application.rollback();
                out.println("Payment declined: rolled back order " + rolledBack + " and its event");

                long third = placeOrder(application, joined, "Edsger", "4 mugs", out);
                application.commit();
                out.println("Committed order " + third + " and its event");
                committed.add(third);
                awaitEvent(received, events, out);
            }
            // The rollback took the second order's event with it (it was never published), so nothing can come
            // for it; a last, ordinary message ends the wait.
            try (JMSContext sender = factory.createContext()) {
                sender.createProducer().send(queue, END);
            }
            while (true) {
                String body = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (body == null || body.equals(END)) {
                    break;
                }
                events.add(body);
            }
            out.println("Events received: " + events.size() + " (none for order " + rolledBack + ")");
            printOrders(application, committed.get(0), out);
            return new Outcome(committed, rolledBack, events);
        }
    }

    private static void createTable(Connection application) throws SQLException {
        try (Statement statement = application.createStatement()) {
            statement.execute("create table if not exists " + TABLE + " (id bigint generated always as identity"
                    + " primary key, customer text not null, item text not null)");
        }
    }

    /**
     * Inserts the order and sends its event in the connection's open transaction; neither is visible to anyone else
     * until the application commits.
     */
    private static long placeOrder(Connection application, JMSContext joined, String customer, String item,
                                   PrintStream out) throws SQLException {
        long id;
        try (PreparedStatement insert = application.prepareStatement(
                "insert into " + TABLE + " (customer, item) values (?, ?) returning id")) {
            insert.setString(1, customer);
            insert.setString(2, item);
            try (ResultSet key = insert.executeQuery()) {
                key.next();
                id = key.getLong(1);
            }
        }
        joined.createProducer()
                .setJMSType("order-created")
                .setProperty("orderId", id)
                .send(joined.createQueue(EVENTS), "order " + id + ": " + item + " for " + customer);
        out.println("Saved order " + id + " (" + item + " for " + customer + ") and sent its event, not committed");
        return id;
    }

    private static void awaitEvent(BlockingQueue<String> received, List<String> events, PrintStream out)
            throws InterruptedException {
        String body = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (body == null) {
            out.println("No event within " + WAIT_SECONDS + " s");
            return;
        }
        events.add(body);
    }

    private static void printOrders(Connection application, long from, PrintStream out) throws SQLException {
        try (PreparedStatement select = application.prepareStatement(
                "select id, customer, item from " + TABLE + " where id >= ? order by id")) {
            select.setLong(1, from);
            out.println("Table " + TABLE + " from order " + from + " on:");
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.println("  " + rows.getLong(1) + " | " + rows.getString(2) + " | " + rows.getString(3));
                }
            }
            application.commit();
        }
    }
}
