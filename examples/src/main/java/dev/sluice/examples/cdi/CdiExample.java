package dev.sluice.examples.cdi;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.jms.cdi.SluiceExtension;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * A CDI SE application (Weld) that uses Sluice only through injection: {@link OrderDesk} sends orders through an
 * injected JMSContext, {@link Billing} receives them in a {@code @SluiceListener} method, and the order it cannot
 * bill ends in the dead-letter queue with the last error. The connection factory comes from {@code sluice.*}
 * system properties, which {@link #run} sets for the container it boots.
 *
 * <p>{@code main [--url JDBC_URL [--user USER] [--password PASSWORD]] [WORK_DIR]}: the PostgreSQL at the URL, or
 * Sluice's embedded PostgreSQL with its data in {@code WORK_DIR/postgres} (default {@code cdi-example}).
 */
public final class CdiExample {

    static final String ORDERS = "examples.cdi.orders";
    private static final long WAIT_SECONDS = 30;
    /** Kept so that the level set on it stays: java.util.logging holds its loggers weakly. */
    private static final Logger WELD_LOG = Logger.getLogger("org.jboss.weld");

    private CdiExample() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // the listener's retries of the bad order are logged as warnings; the program prints what matters
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        WELD_LOG.setLevel(Level.WARNING);
        Map<String, String> options = new LinkedHashMap<>();
        String workDir = "cdi-example";
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                workDir = args[i];
            }
        }
        if (options.containsKey("--url")) {
            run(options.get("--url"), options.get("--user"), options.get("--password"), System.out);
            return;
        }
        Path data = Path.of(workDir, "postgres").toAbsolutePath();
        System.out.println("Starting embedded PostgreSQL with data in " + data);
        try (Database database = Database.open(DatabaseConfig.builder().embedded(data, 0).build())) {
            run(database.jdbcUrl(), database.user(), null, System.out);
        }
    }

    /** Boots the container against the PostgreSQL at {@code jdbcUrl}, places three orders and prints what came of them. */
    public static void run(String jdbcUrl, String user, String password, PrintStream out)
            throws InterruptedException, JMSException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("sluice.url", jdbcUrl);
        settings.put("sluice.user", user);
        settings.put("sluice.password", password);
        settings.forEach((key, value) -> {
            if (value != null) {
                System.setProperty(key, value);
            }
        });
        try (WeldContainer container = new Weld("cdi-example").disableDiscovery()
                // found through META-INF/services when discovery is on; a synthetic archive needs it named
                .addExtension(new SluiceExtension())
                .addBeanClasses(OrderDesk.class, Billing.class)
                .initialize()) {
            out.println("Weld SE container started: Billing listens on queue " + ORDERS);
            OrderDesk desk = container.select(OrderDesk.class).get();
            desk.place("order #1001 for alice", "order #1002 for bob", "order #1003 for an unknown customer");
            out.println("OrderDesk placed 3 orders through its injected JMSContext");
            Billing billing = container.select(Billing.class).get();
            for (int i = 0; i < 2; i++) {
                String order = billing.billed().poll(WAIT_SECONDS, TimeUnit.SECONDS);
                out.println("Billing billed: " + (order == null ? "(nothing within " + WAIT_SECONDS + " s)" : order));
            }
            Message letter = desk.nextDeadLetter(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            if (letter == null) {
                out.println("No dead letter within " + WAIT_SECONDS + " s");
                return;
            }
            out.println("Dead letter: " + letter.getBody(String.class));
            for (String property : new String[] {"SluiceOriginalDestination", "SluiceDeliveryCount",
                    "SluiceLastError"}) {
                out.printf("  %-25s = %s%n", property, letter.getObjectProperty(property));
            }
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
        out.println("Container stopped, and Billing's consumer with it");
    }
}
