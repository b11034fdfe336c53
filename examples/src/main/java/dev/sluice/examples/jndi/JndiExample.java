package dev.sluice.examples.jndi;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * A plain JMS program: it knows only {@code jakarta.jms} and JNDI. Everything Sluice-specific is in
 * {@code jndi.properties}. It sends and receives one message on a queue and one on a topic.
 */
public final class JndiExample {

    private JndiExample() {
    }

    public static void main(String[] args) throws NamingException, JMSException {
        InitialContext naming = new InitialContext();
        ConnectionFactory factory = (ConnectionFactory) naming.lookup("ConnectionFactory");
        Queue orders = (Queue) naming.lookup("orders");
        Topic prices = (Topic) naming.lookup("prices");
        naming.close();

        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);

            MessageConsumer orderReader = session.createConsumer(orders);
            MessageProducer orderWriter = session.createProducer(orders);
            orderWriter.send(session.createTextMessage("order #1001"));
            TextMessage order = (TextMessage) orderReader.receive(10_000);
            System.out.println("queue " + orders.getQueueName() + " delivered: " + text(order));

            MessageConsumer priceReader = session.createConsumer(prices);
            MessageProducer priceWriter = session.createProducer(prices);
            priceWriter.send(session.createTextMessage("EUR/USD 1.0842"));
            TextMessage price = (TextMessage) priceReader.receive(10_000);
            System.out.println("topic " + prices.getTopicName() + " delivered: " + text(price));
        }
    }

    private static String text(TextMessage message) throws JMSException {
        return message == null ? "(nothing)" : message.getText();
    }
}
