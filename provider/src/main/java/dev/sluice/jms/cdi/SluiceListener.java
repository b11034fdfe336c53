package dev.sluice.jms.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that receives the messages of a destination, for CDI SE where there are no message-driven
 * beans. The method takes one parameter: a {@code Message} (or a subtype such as {@code TextMessage}), or the
 * body's type ({@code String}, {@code byte[]}, {@code Map}, a {@code Serializable}), as {@code Message.getBody}
 * converts it. Its consumers start when the application scope is initialised and stop before it is destroyed.
 *
 * <p>Transacted by default: the session commits after the method returns and rolls back when it throws, so the
 * message is delivered again; after the destination's {@code max_deliveries} (default 10) it moves to the
 * dead-letter queue (default {@code DLQ}) with {@code SluiceOriginalDestination}, {@code SluiceDeliveryCount},
 * {@code SluiceDeadLetterReason} and {@code SluiceLastError} (the exception's class and message) as properties.
 * During each call a request scope is active, so the method may use an injected JMSContext (its sends are not part
 * of the listener's transaction).
 *
 * <pre>{@code
 * @ApplicationScoped
 * class Billing {
 *     @SluiceListener(destination = "orders", concurrency = 4, selector = "region = 'eu'")
 *     void bill(String order) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SluiceListener {

    /** The queue's (or, with {@link #topic()}, the topic's) name. */
    String destination();

    /** True when {@link #destination()} names a topic. */
    boolean topic() default false;

    /**
     * A durable subscription's name, for a topic: the consumers share it ({@code createSharedDurableConsumer}), so
     * messages published while the application was down wait for it. Empty: a non-durable subscription, which
     * allows a concurrency of one only (each consumer would get every message).
     */
    String subscription() default "";

    /** How many sessions, each with its own thread, receive in parallel. */
    int concurrency() default 1;

    /** A JMS message selector; empty: every message. */
    String selector() default "";

    /** The connection factory's name ({@code sluice.<name>.url}); empty: the default one ({@code sluice.url}). */
    String connectionFactory() default "";

    /**
     * True (the default): one local transaction per message, committed after the method returns, rolled back when
     * it throws. False: AUTO_ACKNOWLEDGE, and a method that throws gets the message again at once (JMS 3.1 section
     * 8.7) without the last error on the dead letter.
     */
    boolean transacted() default true;
}
