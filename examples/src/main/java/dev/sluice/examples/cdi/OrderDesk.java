package dev.sluice.examples.cdi;

import dev.sluice.jms.cdi.DestinationName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;

/**
 * Takes orders: sends them through an injected JMSContext, and looks at the orders that could not be billed. Each
 * method runs in a request scope of its own ({@link ActivateRequestContext}), which the injected context lives in.
 */
@ApplicationScoped
public class OrderDesk {

    @Inject
    JMSContext context;

    @Inject
    @DestinationName(CdiExample.ORDERS)
    Queue orders;

    @Inject
    @DestinationName("DLQ")
    Queue deadLetters;

    @ActivateRequestContext
    public void place(String... texts) {
        for (String text : texts) {
            context.createProducer().send(orders, text);
        }
    }

    /** The next order of ours in the dead-letter queue, or null when none arrives within {@code timeoutMs}. */
    @ActivateRequestContext
    public Message nextDeadLetter(long timeoutMs) {
        String ours = "SluiceOriginalDestination = 'queue://" + CdiExample.ORDERS + "'";
        return context.createConsumer(deadLetters, ours).receive(timeoutMs);
    }
}
