package dev.sluice.examples.cdi;

import dev.sluice.jms.cdi.SluiceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Bills orders as they arrive: a listener method whose consumer Sluice starts with the application. An order for an
 * unknown customer throws, so its transaction rolls back and it comes again, until the queue's maximum deliveries
 * (10 by default) send it to the dead-letter queue with the last error.
 */
@ApplicationScoped
public class Billing {

    private final BlockingQueue<String> billed = new LinkedBlockingQueue<>();

    @SluiceListener(destination = CdiExample.ORDERS)
    void bill(String order) {
        if (order.contains("unknown customer")) {
            throw new IllegalArgumentException("cannot bill " + order + ": no such customer");
        }
        billed.add(order);
    }

    /** The orders billed so far, in the order billed. */
    public BlockingQueue<String> billed() {
        return billed;
    }
}
