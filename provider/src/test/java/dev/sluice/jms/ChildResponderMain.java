package dev.sluice.jms;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.concurrent.CountDownLatch;

/**
 * A responder process for request/reply tests: connects with the URL in args[0] and answers every text message on
 * queue args[1] from a MessageListener with {@code re:<text>}, sent to the request's JMSReplyTo with the request's
 * JMSMessageID as JMSCorrelationID. Prints {@code ready} once listening, then serves until killed.
 */
public final class ChildResponderMain {

    private ChildResponderMain() {
    }

    public static void main(String[] args) throws Exception {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(args[0]);
        Connection connection = factory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer requests = session.createConsumer(session.createQueue(args[1]));
        MessageProducer replies = session.createProducer(null);
        requests.setMessageListener(request -> {
            try {
                TextMessage reply = session.createTextMessage("re:" + ((TextMessage) request).getText());
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replies.send(request.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                System.out.println("reply failed: " + e);
            }
        });
        connection.start();
        System.out.println("ready");
        new CountDownLatch(1).await();
    }
}
