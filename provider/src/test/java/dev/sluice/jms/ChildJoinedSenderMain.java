package dev.sluice.jms;

import jakarta.jms.JMSContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * An application process that saves an order (args[1]) and sends its event to queue args[2] in one JDBC
 * transaction on the database of URL args[0], prints {@code saved, not committed} and waits for ever without
 * committing: the test kills it there.
 */
public final class ChildJoinedSenderMain {

    private ChildJoinedSenderMain() {
    }

    public static void main(String[] args) throws Exception {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(args[0]);
        try (Connection connection = DriverManager.getConnection(args[0])) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("insert into joined_order values ('" + args[1] + "')");
            }
            JMSContext context = SluiceTransactions.join(factory, connection);
            context.createProducer().send(context.createQueue(args[2]), "created " + args[1]);
            System.out.println("saved, not committed");
            Thread.currentThread().join();
        }
    }
}
