package dev.sluice.examples.requestreply;

import dev.sluice.examples.ExampleDatabase;
import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request/reply: a requestor sends price requests to a queue, each with a temporary queue as its JMSReplyTo and
 * its own JMSCorrelationID; a responder, on a connection of its own, answers each request to that JMSReplyTo and
 * copies the correlation ID, by which the requestor matches replies to requests. A temporary queue lives as long
 * as the connection that created it, and only that connection may consume from it.
 *
 * <p>{@code main [--url JDBC_URL [--user USER] [--password PASSWORD]] [WORK_DIR]}: see {@link ExampleDatabase}.
 */
public final class RequestReplyExample {

    static final String REQUESTS = "examples.quotes";
    private static final long REPLY_TIMEOUT_MS = 10_000;
    private static final Map<String, BigDecimal> PRICE_LIST = Map.of(
            "widget", new BigDecimal("9.95"), "gadget", new BigDecimal("24.50"), "gizmo", new BigDecimal("120.00"));

    private RequestReplyExample() {
    }

    public static void main(String[] args) throws JMSException {
        try (ExampleDatabase database = ExampleDatabase.open(args, "request-reply-example")) {
            run(database.url(), database.user(), database.password(), System.out);
        }
    }

    /** Starts the responder, asks three questions, prints the replies; returns how many replies came. */
    public static int run(String jdbcUrl, String user, String password, PrintStream out) throws JMSException {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(jdbcUrl);
        factory.setUser(user);
        factory.setPassword(password);
        try (JMSContext responder = factory.createContext()) {
            startResponder(responder);
            out.println("Responder is listening on queue " + REQUESTS);
            try (JMSContext requestor = factory.createContext()) {
                return ask(requestor, out);
            }
        }
    }

    /** Answers every request on the listener thread of its context: one reply per request, same correlation ID. */
    private static void startResponder(JMSContext context) {
        Queue requests = context.createQueue(REQUESTS);
        context.createConsumer(requests).setMessageListener(request -> {
            try {
                String item = request.getBody(String.class);
                int quantity = request.getIntProperty("quantity");
                BigDecimal price = PRICE_LIST.get(item).multiply(BigDecimal.valueOf(quantity));
                context.createProducer()
                        .setJMSCorrelationID(request.getJMSCorrelationID())
                        .send(request.getJMSReplyTo(), quantity + " x " + item + " = " + price + " EUR");
            } catch (JMSException e) {
                // thrown from the listener, the request is delivered again (AUTO_ACKNOWLEDGE)
                throw new JMSRuntimeException("Cannot answer a request: " + e.getMessage(), e.getErrorCode(), e);
            }
        });
    }

    private static int ask(JMSContext context, PrintStream out) throws JMSException {
        TemporaryQueue replyQueue = context.createTemporaryQueue();
        JMSConsumer replies = context.createConsumer(replyQueue);
        out.println("Requestor's replies come to temporary queue " + replyQueue.getQueueName());

        Map<String, String> unanswered = new LinkedHashMap<>();
        String[] items = {"widget", "gadget", "gizmo"};
        int[] quantities = {3, 10, 1};
        for (int i = 0; i < items.length; i++) {
            // IDs the requestor chooses; copying the request's JMSMessageID instead is as common
            String correlationId = "quote-" + (i + 1);
            context.createProducer()
                    .setJMSReplyTo(replyQueue)
                    .setJMSCorrelationID(correlationId)
                    .setProperty("quantity", quantities[i])
                    .send(context.createQueue(REQUESTS), items[i]);
            unanswered.put(correlationId, items[i]);
            out.println("Requestor asked " + correlationId + ": how much for " + quantities[i] + " x " + items[i]
                    + "?");
        }
        int answered = 0;
        while (!unanswered.isEmpty()) {
            Message reply = replies.receive(REPLY_TIMEOUT_MS);
            if (reply == null) {
                out.println("No reply within " + REPLY_TIMEOUT_MS + " ms for " + unanswered.keySet());
                break;
            }
            String question = unanswered.remove(reply.getJMSCorrelationID());
            if (question == null) {
                out.println("Requestor ignored a reply with unknown correlation ID " + reply.getJMSCorrelationID());
                continue;
            }
            answered++;
            out.println("Requestor got   " + reply.getJMSCorrelationID() + ": " + reply.getBody(String.class));
        }
        return answered;
    }
}
