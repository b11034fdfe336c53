package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.ReplicatedPostgres;
import dev.sluice.testing.Timing;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL failover under load: a producer sends and a listener consumes through a multi-host URL
 * ({@code targetServerType=primary}) while the primary is killed with SIGKILL and its streaming standby promoted.
 * Every send that returned must be received after the failover when replication is synchronous; asynchronous
 * replication may lose the last commits the standby had not received, which the test counts and prints. Sends in
 * flight at the crash fail with a JMSException (their outcome is unknown: the test counts those that arrived anyway);
 * acknowledgements in flight come back as flagged redeliveries.
 */
class FailoverTest {

    private static final int BEFORE = 300;
    private static final int AFTER = 300;

    @TempDir
    Path folder;

    @ParameterizedTest(name = "synchronous standby: {0}")
    @ValueSource(booleans = {true, false})
    void everySendThatReturnedIsReceivedAfterTheStandbyIsPromoted(boolean synchronous) throws Exception {
        try (ReplicatedPostgres servers = ReplicatedPostgres.start(folder, synchronous)) {
            SluiceConnectionFactory factory = new SluiceConnectionFactory(servers.multiHostUrl()
                    + "&sessionTimeoutMs=2000&defaultPartitions=2");
            factory.setUser(ReplicatedPostgres.USER);
            Set<String> returned = ConcurrentHashMap.newKeySet();
            Set<String> failed = ConcurrentHashMap.newKeySet();
            Map<String, List<Boolean>> received = new ConcurrentHashMap<>();
            AtomicInteger redelivered = new AtomicInteger();
            List<String> reported = new CopyOnWriteArrayList<>();
            try (Connection consumerConnection = factory.createConnection();
                 Connection producerConnection = factory.createConnection()) {
                consumerConnection.setExceptionListener(e -> reported.add(e.getMessage()));
                Session consumerSession = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = consumerSession.createQueue("failover-orders");
                MessageConsumer consumer = consumerSession.createConsumer(queue);
                consumer.setMessageListener(message -> {
                    try {
                        received.computeIfAbsent(((TextMessage) message).getText(),
                                text -> new CopyOnWriteArrayList<>()).add(message.getJMSRedelivered());
                        if (message.getJMSRedelivered()) {
                            redelivered.incrementAndGet();
                        }
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                });
                consumerConnection.start();

                Session producerSession = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = producerSession.createProducer(queue);
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong firstFailureAt = new AtomicLong();
                AtomicLong firstSuccessAfterFailureAt = new AtomicLong();
                Thread sender = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String text = "m-" + i;
                        try {
                            producer.send(producerSession.createTextMessage(text));
                            returned.add(text);
                            if (firstFailureAt.get() != 0) {
                                firstSuccessAfterFailureAt.compareAndSet(0, System.nanoTime());
                            }
                        } catch (JMSException e) {
                            failed.add(text);
                            firstFailureAt.compareAndSet(0, System.nanoTime());
                        }
                    }
                }, "failover-sender");
                sender.start();

                Await.until(() -> returned.size() >= BEFORE, Timing.seconds(60), () -> "sent " + returned.size());
                long crashedAt = System.nanoTime();
                servers.crashPrimary();
                servers.promoteStandby();
                long promotedAt = System.nanoTime();
                int returnedAtCrash = returned.size();
                Await.until(() -> returned.size() >= returnedAtCrash + AFTER, Timing.seconds(120),
                        () -> "sends after the promotion: " + (returned.size() - returnedAtCrash) + ", failed "
                                + failed.size());
                stop.set(true);
                sender.join(Timing.seconds(30).toMillis());

                long lostBound = synchronous ? 0 : Long.MAX_VALUE;
                java.util.function.BooleanSupplier quiet = quietFor(received, Duration.ofSeconds(5));
                Await.until(() -> received.keySet().containsAll(returned) || (!synchronous && quiet.getAsBoolean()),
                        Timing.seconds(120), () -> "received " + received.size() + " of " + returned.size());
                long lost = returned.stream().filter(text -> !received.containsKey(text)).count();
                long failedButDelivered = failed.stream().filter(received::containsKey).count();
                long duplicates = received.values().stream().filter(flags -> flags.size() > 1).count();
                long unflagged = received.values().stream()
                        .mapToLong(flags -> flags.stream().skip(1).filter(flag -> !flag).count()).sum();
                System.out.printf("FAILOVER synchronous=%s: returned %d, failed %d (of which delivered %d),"
                                + " received %d distinct, duplicates %d (not flagged redelivered: %d), redelivered %d, lost %d; promotion took"
                                + " %d ms; first failed send to first send that returned: %d ms; ExceptionListener"
                                + " heard %s%n",
                        synchronous, returned.size(), failed.size(), failedButDelivered, received.size(), duplicates, unflagged,
                        redelivered.get(), lost, Duration.ofNanos(promotedAt - crashedAt).toMillis(),
                        Duration.ofNanos(firstSuccessAfterFailureAt.get() - firstFailureAt.get()).toMillis(),
                        reported);
                assertThat(lost).as("sends that returned but never arrived").isLessThanOrEqualTo(lostBound);
                assertThat(unflagged).as("a message delivered again is flagged redelivered").isZero();
                assertThat(reported).as("the consumer's outage is told once").hasSizeLessThanOrEqualTo(1);
                assertThat(received.size()).isGreaterThanOrEqualTo(BEFORE + AFTER - (synchronous ? 0 : 50));
            }
        }
    }

    /** True once no new message arrived for {@code period}: an asynchronous failover's losses are then final. */
    private static java.util.function.BooleanSupplier quietFor(Map<String, List<Boolean>> received, Duration period) {
        long[] lastChange = {System.nanoTime(), -1};
        return () -> {
            int size = received.size();
            if (size != lastChange[1]) {
                lastChange[0] = System.nanoTime();
                lastChange[1] = size;
            }
            return System.nanoTime() - lastChange[0] >= period.toNanos();
        };
    }
}
