package dev.sluice.server.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceCommand;
import dev.sluice.testing.Await;
import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.ReplicatedPostgres;
import dev.sluice.testing.Timing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos soak, short form: two producer JVMs, three consumer JVMs and two {@code sluice server} JVMs on a primary
 * with a synchronous streaming standby, through a multi-host URL. While the producers send, consumers are killed
 * with SIGKILL at random and started again, the leading server is killed and started again, PostgreSQL is restarted
 * once and then fails over once (the primary killed, the standby promoted). At the end every message whose send
 * returned must have been received; the counts (sent, received, duplicates, flagged redeliveries, lost) and the
 * time to recover after each fault are printed.
 */
class ChaosSoakTest {

    private static final int PRODUCERS = 2;
    private static final int CONSUMERS = 3;
    private static final int MESSAGES_PER_PRODUCER = 3_000;
    private static final int RATE_PER_PRODUCER = 80;

    @TempDir
    Path folder;

    private final Random random = new Random(20261202);
    private final Map<String, Long> recoveries = new LinkedHashMap<>();

    @Test
    void everyMessageWhoseSendReturnedIsReceivedThroughKillsARestartAndAFailover() throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        try (ReplicatedPostgres servers = ReplicatedPostgres.start(folder.resolve("pg"), true)) {
            String url = servers.multiHostUrl() + "&sessionTimeoutMs=3000&leaseTimeoutMs=3000&user="
                    + ReplicatedPostgres.USER;
            ChildJvm[] brokers = {server(url, "a"), server(url, "b")};
            children.addAll(List.of(brokers));
            for (ChildJvm broker : brokers) {
                broker.awaitLine(" is up", Duration.ofSeconds(120));
            }
            ChildJvm[] consumers = new ChildJvm[CONSUMERS];
            for (int i = 0; i < CONSUMERS; i++) {
                consumers[i] = consumer(url, i);
                children.add(consumers[i]);
            }
            for (ChildJvm consumer : consumers) {
                consumer.awaitLine("consuming", Duration.ofSeconds(60));
            }
            List<ChildJvm> producers = new ArrayList<>();
            for (int i = 0; i < PRODUCERS; i++) {
                producers.add(ChildJvm.start(SoakProducerMain.class, url, folder.resolve("sent-" + i).toString(),
                        "p" + i, String.valueOf(MESSAGES_PER_PRODUCER), String.valueOf(RATE_PER_PRODUCER)));
            }
            children.addAll(producers);

            int consumerKills = 0;
            boolean serverKilled = false;
            boolean restarted = false;
            boolean failedOver = false;
            long started = System.nanoTime();
            while (!producersDone()) {
                long elapsed = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                if (!serverKilled && elapsed >= 8) {
                    int victim = random.nextInt(brokers.length);
                    brokers[victim].kill();
                    brokers[victim] = server(url, victim == 0 ? "a" : "b");
                    children.add(brokers[victim]);
                    serverKilled = true;
                    awaitRecovery("server " + (victim == 0 ? "a" : "b") + " killed");
                } else if (!restarted && elapsed >= 16) {
                    servers.restartPrimary(Duration.ofSeconds(3));
                    restarted = true;
                    awaitRecovery("PostgreSQL restarted (3 s down)");
                } else if (!failedOver && elapsed >= 26) {
                    servers.crashPrimary();
                    servers.promoteStandby();
                    failedOver = true;
                    awaitRecovery("PostgreSQL failed over (primary SIGKILL, standby promoted)");
                } else {
                    int victim = random.nextInt(CONSUMERS);
                    consumers[victim].kill();
                    consumerKills++;
                    consumers[victim] = consumer(url, victim);
                    children.add(consumers[victim]);
                    consumers[victim].awaitLine("consuming", Duration.ofSeconds(60));
                    long pause = System.nanoTime() + Duration.ofMillis(1_500 + random.nextInt(1_500)).toNanos();
                    Await.until(() -> System.nanoTime() - pause >= 0 || producersDone(), Duration.ofSeconds(10),
                            () -> "clock");
                }
            }
            Set<String> sent = sent("S ");
            Await.until(() -> received().keySet().containsAll(sent), Timing.seconds(120),
                    () -> "received " + received().size() + " of " + sent.size() + " sent");

            Set<String> failedSends = sent("F ");
            Map<String, List<Boolean>> received = received();
            long lost = sent.stream().filter(id -> !received.containsKey(id)).count();
            long deliveries = received.values().stream().mapToLong(List::size).sum();
            long duplicates = deliveries - received.size();
            // the files are read consumer by consumer, not in time order: a message may show its flagged
            // redelivery before its first delivery, so what counts is how many of its deliveries are unflagged
            long unflaggedDuplicates = received.values().stream()
                    .mapToLong(flags -> Math.max(0, flags.stream().filter(flag -> !flag).count() - 1)).sum();
            long flagged = received.values().stream().flatMap(List::stream).filter(flag -> flag).count();
            long failedButArrived = failedSends.stream().filter(received::containsKey).count();
            System.out.printf("CHAOS SOAK: sent %d (send returned), failed sends %d (of which arrived %d), received"
                            + " %d distinct in %d deliveries, duplicates %d (not flagged redelivered: %d),"
                            + " flagged redeliveries %d, lost %d; consumer kills %d, server kills 1, PostgreSQL"
                            + " restarts 1, failovers 1; recovered after %s (ms)%n",
                    sent.size(), failedSends.size(), failedButArrived, received.size(), deliveries, duplicates,
                    unflaggedDuplicates, flagged, lost, consumerKills, recoveries);
            assertThat(lost).as("messages whose send returned but that never arrived").isZero();
            assertThat(unflaggedDuplicates).as("deliveries of a message beyond one not flagged redelivered")
                    .isZero();
            assertThat(sent.size()).isGreaterThan(PRODUCERS * MESSAGES_PER_PRODUCER * 9 / 10);
        } finally {
            children.forEach(ChildJvm::close);
        }
    }

    private ChildJvm server(String url, String id) {
        return ChildJvm.start(SluiceCommand.class, "server", "--admin-port", "0", "--jdbc-url", url,
                "--user", ReplicatedPostgres.USER, "--server-id", id, "--session-timeout", "3000ms",
                "--maintenance-interval", "200ms");
    }

    private ChildJvm consumer(String url, int index) {
        return ChildJvm.start(SoakConsumerMain.class, url, folder.resolve("received-" + index).toString());
    }

    /** Waits until both sends and receipts went on after a fault, and records how long that took. */
    private void awaitRecovery(String fault) {
        long at = System.nanoTime();
        int sentBefore = sent("S ").size();
        int receivedBefore = received().size();
        Await.until(() -> (sent("S ").size() > sentBefore || producersDone()) && received().size() > receivedBefore,
                Timing.seconds(120), () -> "no progress after: " + fault);
        recoveries.put(fault, Duration.ofNanos(System.nanoTime() - at).toMillis());
    }

    private boolean producersDone() {
        for (int i = 0; i < PRODUCERS; i++) {
            if (!lines(folder.resolve("sent-" + i)).contains("DONE")) {
                return false;
            }
        }
        return true;
    }

    private Set<String> sent(String kind) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < PRODUCERS; i++) {
            for (String line : lines(folder.resolve("sent-" + i))) {
                if (line.startsWith(kind)) {
                    ids.add(line.substring(kind.length()));
                }
            }
        }
        return ids;
    }

    /** Every received id with the redelivered flag of each delivery, consumer by consumer. */
    private Map<String, List<Boolean>> received() {
        Map<String, List<Boolean>> received = new HashMap<>();
        for (int i = 0; i < CONSUMERS; i++) {
            for (String line : lines(folder.resolve("received-" + i))) {
                String[] parts = line.split(" ");
                if (parts.length == 4 && parts[0].equals("R")) {
                    received.computeIfAbsent(parts[1], id -> new ArrayList<>()).add(Boolean.parseBoolean(parts[2]));
                }
            }
        }
        return received;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
