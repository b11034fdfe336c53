package dev.sluice.examples.spring;

import dev.sluice.examples.ExampleDatabase;
import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.jms.ConnectionFactory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.jms.listener.adapter.MessageListenerAdapter;

/**
 * Spring's JMS support on Sluice, unchanged: a plain {@code ApplicationContext} (no Spring Boot) whose only Sluice
 * bean is the {@link ConnectionFactory} (wrapped in Spring's {@link CachingConnectionFactory}). A {@link JmsTemplate} sends orders; a
 * {@link DefaultMessageListenerContainer} receives them in local transactions and hands each body to
 * {@link Shipping#ship}, a plain bean.
 *
 * <p>{@code main [--url JDBC_URL [--user USER] [--password PASSWORD]] [WORK_DIR]}: see {@link ExampleDatabase}.
 */
public final class SpringJmsExample {

    static final String ORDERS = "examples.spring.orders";
    private static final long WAIT_SECONDS = 10;

    private SpringJmsExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (ExampleDatabase database = ExampleDatabase.open(args, "spring-example")) {
            run(database.url(), database.user(), database.password(), System.out);
        }
    }

    /** Starts the context, sends three orders with the template, returns the orders shipped. */
    public static List<String> run(String jdbcUrl, String user, String password, PrintStream out)
            throws InterruptedException {
        SluiceConnectionFactory sluice = new SluiceConnectionFactory(jdbcUrl);
        sluice.setUser(user);
        sluice.setPassword(password);
        List<String> shipped = new ArrayList<>();
        try (AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext()) {
            // As Spring Boot does: one connection for the application, and the template's sends come from one
            // cached session, which keeps their order (JMS orders messages per session, not across sessions).
            spring.registerBean(ConnectionFactory.class, () -> new CachingConnectionFactory(sluice));
            spring.register(OrderConfiguration.class);
            spring.refresh();
            out.println("Spring context started: a DefaultMessageListenerContainer listens on queue " + ORDERS);

            JmsTemplate template = spring.getBean(JmsTemplate.class);
            for (String order : new String[] {"order #2001: 2 books", "order #2002: 1 lamp", "order #2003: 4 mugs"}) {
                template.convertAndSend(ORDERS, order);
                out.println("JmsTemplate sent: " + order);
            }
            Shipping shipping = spring.getBean(Shipping.class);
            for (int i = 0; i < 3; i++) {
                String order = shipping.shipped().poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (order == null) {
                    out.println("Nothing shipped within " + WAIT_SECONDS + " s");
                    break;
                }
                shipped.add(order);
                out.println("Shipping shipped: " + order);
            }
        }
        out.println("Spring context closed, and the listener container with it");
        return shipped;
    }

    /** The beans: what a Spring application declares to use JMS, whichever provider the factory is. */
    @Configuration
    static class OrderConfiguration {

        @Bean
        JmsTemplate jmsTemplate(ConnectionFactory connectionFactory) {
            return new JmsTemplate(connectionFactory);
        }

        @Bean
        Shipping shipping() {
            return new Shipping();
        }

        @Bean
        DefaultMessageListenerContainer orderListener(ConnectionFactory connectionFactory, Shipping shipping) {
            DefaultMessageListenerContainer container = new DefaultMessageListenerContainer();
            container.setConnectionFactory(connectionFactory);
            container.setDestinationName(ORDERS);
            // the receive and the listener in one JMS transaction: if ship throws, the order comes again
            container.setSessionTransacted(true);
            MessageListenerAdapter listener = new MessageListenerAdapter(shipping);
            listener.setDefaultListenerMethod("ship");
            container.setMessageListener(listener);
            return container;
        }
    }

    /** Ships orders: a plain bean, called with each message's body. Thread-safe. */
    public static class Shipping {

        private final BlockingQueue<String> shipped = new LinkedBlockingQueue<>();

        public void ship(String order) {
            shipped.add(order);
        }

        BlockingQueue<String> shipped() {
            return shipped;
        }
    }
}
