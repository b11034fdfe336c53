package dev.sluice.examples.history;

import dev.sluice.examples.ExampleDatabase;
import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Message history with SQL: after orders are sent and some consumed through JMS, plain JDBC on the same database
 * asks the view {@code sluice.messages} what was sent, with which properties, and what became of each message.
 * The view (with {@code sluice.subscription_lag}) is Sluice's stable SQL interface; the tables behind it are not.
 *
 * <p>Each run tags its orders with a property {@code run} and looks only at those, so runs on one database do not
 * mix. The orders for the US stay in the queue, pending, as history.
 *
 * <p>{@code main [--url JDBC_URL [--user USER] [--password PASSWORD]] [WORK_DIR]}: see {@link ExampleDatabase}.
 */
public final class SqlHistoryExample {

    static final String ORDERS = "examples.history.orders";
    private static final long RECEIVE_TIMEOUT_MS = 10_000;

    static final String HISTORY = """
            select correlation_id, properties->>'region' as region, properties->>'amount' as amount, body_text,
                   delivery_state->>'(queue)' as state, to_char(sent_at, 'HH24:MI:SS.MS') as sent
              from sluice.messages
             where destination = 'examples.history.orders' and properties->>'run' = ?
             order by sent_at""";

    static final String BY_STATE = """
            select delivery_state->>'(queue)' as state, count(*) as orders,
                   sum((properties->>'amount')::numeric) as amount
              from sluice.messages
             where destination = 'examples.history.orders' and properties->>'run' = ?
             group by 1 order by 1""";

    private SqlHistoryExample() {
    }

    public static void main(String[] args) throws SQLException {
        try (ExampleDatabase database = ExampleDatabase.open(args, "sql-history-example")) {
            run(database.url(), database.user(), database.password(), System.out);
        }
    }

    /** Sends four orders, consumes the two for the EU, prints both queries; returns the run's ID. */
    public static String run(String jdbcUrl, String user, String password, PrintStream out) throws SQLException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        SluiceConnectionFactory factory = new SluiceConnectionFactory(jdbcUrl);
        factory.setUser(user);
        factory.setPassword(password);
        try (JMSContext jms = factory.createContext()) {
            Queue orders = jms.createQueue(ORDERS);
            String[][] regionsAndAmounts = {{"eu", "120.00"}, {"us", "75.50"}, {"eu", "18.20"}, {"us", "240.00"}};
            for (int i = 0; i < regionsAndAmounts.length; i++) {
                String order = "order #" + (4001 + i);
                jms.createProducer()
                        .setJMSCorrelationID(order.substring("order #".length()))
                        .setProperty("run", run)
                        .setProperty("region", regionsAndAmounts[i][0])
                        .setProperty("amount", regionsAndAmounts[i][1])
                        .send(orders, order);
            }
            out.println("Sent 4 orders to queue " + ORDERS + " (run " + run + ")");
            List<String> taken = new ArrayList<>();
            try (JMSConsumer euDesk = jms.createConsumer(orders, "run = '" + run + "' AND region = 'eu'")) {
                for (int i = 0; i < 2; i++) {
                    taken.add(euDesk.receiveBody(String.class, RECEIVE_TIMEOUT_MS));
                }
            }
            out.println("The EU desk consumed " + taken);
        } // closing the context commits its acknowledgements: the queries below see them

        try (Connection sql = DriverManager.getConnection(jdbcUrl, user, password)) {
            for (String query : new String[] {HISTORY, BY_STATE}) {
                out.println();
                query.lines().forEach(line -> out.println("sql> " + line));
                try (PreparedStatement statement = sql.prepareStatement(query)) {
                    statement.setString(1, run);
                    try (ResultSet rows = statement.executeQuery()) {
                        printTable(rows, out);
                    }
                }
            }
        }
        return run;
    }

    /** Prints rows as psql does, each column as wide as its widest value. */
    static void printTable(ResultSet rows, PrintStream out) throws SQLException {
        ResultSetMetaData columns = rows.getMetaData();
        List<String[]> lines = new ArrayList<>();
        String[] header = new String[columns.getColumnCount()];
        for (int i = 0; i < header.length; i++) {
            header[i] = columns.getColumnLabel(i + 1);
        }
        lines.add(header);
        while (rows.next()) {
            String[] line = new String[header.length];
            for (int i = 0; i < line.length; i++) {
                line[i] = String.valueOf(rows.getString(i + 1));
            }
            lines.add(line);
        }
        int[] widths = new int[header.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (int l = 0; l < lines.size(); l++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                text.append(i == 0 ? " " : " | ").append(String.format("%-" + widths[i] + "s", lines.get(l)[i]));
            }
            out.println(text.toString().stripTrailing());
            if (l == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i == 0 ? "" : "+").append("-".repeat(widths[i] + 2));
                }
                out.println(rule);
            }
        }
        out.println("(" + (lines.size() - 1) + " rows)");
    }
}
