package dev.sluice.examples.camel;

import dev.sluice.examples.ExampleDatabase;
import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Apache Camel's JMS component on Sluice: a route takes orders from a queue, marks each with a header and
 * publishes it to a topic. The orders are sent, and the topic read, with plain JMS; only the route is Camel's.
 *
 * <p>{@code main [--url JDBC_URL [--user USER] [--password PASSWORD]] [WORK_DIR]}: see {@link ExampleDatabase}.
 */
public final class CamelRouteExample {

    static final String ORDERS = "examples.camel.orders";
    static final String SHIPMENTS = "examples.camel.shipments";
    private static final long RECEIVE_TIMEOUT_MS = 10_000;

    private CamelRouteExample() {
    }

    public static void main(String[] args) throws Exception {
        try (ExampleDatabase database = ExampleDatabase.open(args, "camel-example")) {
            run(database.url(), database.user(), database.password(), System.out);
        }
    }

    /** Starts the route, sends three orders, returns the messages the topic's subscriber received. */
    public static List<String> run(String jdbcUrl, String user, String password, PrintStream out)
            throws Exception {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(jdbcUrl);
        factory.setUser(user);
        factory.setPassword(password);
        List<String> received = new ArrayList<>();
        try (CamelContext camel = new DefaultCamelContext();
             JMSContext jms = factory.createContext()) {
            // Camel sends through Spring's JmsTemplate, a new session per message unless the factory caches one:
            // then the topic's messages need not keep the queue's order (JMS orders per session only).
            camel.addComponent("jms", JmsComponent.jmsComponent(factory));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("jms:queue:" + ORDERS).routeId("orders-to-shipments")
                            .process(exchange -> exchange.getMessage().setHeader("routedBy", "camel"))
                            .to("jms:topic:" + SHIPMENTS);
                }
            });
            camel.start();
            out.println("Camel route started: jms:queue:" + ORDERS + " -> jms:topic:" + SHIPMENTS);

            // a topic keeps messages only for the subscribers it has, so subscribe before anything is routed
            JMSConsumer shipments = jms.createConsumer(jms.createTopic(SHIPMENTS));
            for (String order : new String[] {"order #3001", "order #3002", "order #3003"}) {
                jms.createProducer().send(jms.createQueue(ORDERS), order);
                out.println("Sent to queue " + ORDERS + ": " + order);
            }
            for (int i = 0; i < 3; i++) {
                Message shipment = shipments.receive(RECEIVE_TIMEOUT_MS);
                if (shipment == null) {
                    out.println("Nothing on topic " + SHIPMENTS + " within " + RECEIVE_TIMEOUT_MS + " ms");
                    break;
                }
                received.add(shipment.getBody(String.class));
                out.println("Topic " + SHIPMENTS + " delivered: " + shipment.getBody(String.class)
                        + " (routedBy = " + shipment.getStringProperty("routedBy") + ")");
            }
        }
        out.println("Camel stopped");
        return received;
    }
}
