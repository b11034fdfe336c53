package dev.sluice.coordination;

import static dev.sluice.coordination.CoordinationTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several independent clients (each its own pool of connections and its own session), each used by several
 * threads, contending on the same nodes.
 */
@ExtendWith(PostgresExtension.class)
class ContentionTest {

    private static final int CLIENTS = 4;
    private static final int THREADS_PER_CLIENT = 2;

    private static final List<Database> databases = new ArrayList<>();
    private static final List<Coordinator> clients = new ArrayList<>();

    @BeforeAll
    static void setUp(TestDatabase db) {
        for (int i = 0; i < CLIENTS; i++) {
            Database database = CoordinationTestSupport.database(db, THREADS_PER_CLIENT + 1);
            databases.add(database);
            clients.add(CoordinationTestSupport.open(database, "client-" + i));
        }
    }

    @AfterAll
    static void tearDown() {
        clients.forEach(Coordinator::close);
        databases.forEach(Database::close);
    }

    /** Runs {@code work(client, thread)} on every thread of every client at once and waits for all. */
    private static <T> List<T> onAllThreads(WorkerTask<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS * THREADS_PER_CLIENT);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                for (int t = 0; t < THREADS_PER_CLIENT; t++) {
                    Coordinator client = clients.get(c);
                    int worker = c * THREADS_PER_CLIENT + t;
                    Callable<T> task = () -> {
                        start.await();
                        return work.run(client, worker);
                    };
                    futures.add(pool.submit(task));
                }
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface WorkerTask<T> {
        T run(Coordinator client, int worker) throws Exception;
    }

    @Test
    void sequentialNamesNeverCollideUnderContention() throws Exception {
        clients.get(0).create("/queue", null, CreateMode.PERSISTENT);
        int perThread = 50;
        Set<String> created = ConcurrentHashMap.newKeySet();
        AtomicInteger collisions = new AtomicInteger();

        onAllThreads((client, worker) -> {
            for (int i = 0; i < perThread; i++) {
                CreateMode mode = i % 2 == 0 ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.EPHEMERAL_SEQUENTIAL;
                if (!created.add(client.create("/queue/item-", bytes("w" + worker), mode))) {
                    collisions.incrementAndGet();
                }
            }
            return null;
        });

        int total = CLIENTS * THREADS_PER_CLIENT * perThread;
        assertThat(collisions.get()).isZero();
        assertThat(created).hasSize(total);
        List<String> children = clients.get(1).getChildren("/queue");
        assertThat(children).hasSize(total);
        Set<Long> sequences = new HashSet<>();
        for (String child : children) {
            sequences.add(Long.parseLong(child.substring("item-".length())));
        }
        assertThat(sequences).hasSize(total).allSatisfy(sequence -> assertThat(sequence).isBetween(0L, total - 1L));
        assertThat(clients.get(2).exists("/queue").orElseThrow().numChildren()).isEqualTo(total);
    }

    @Test
    void compareAndSetLosesNoIncrement() throws Exception {
        clients.get(0).create("/counter", bytes("0"), CreateMode.PERSISTENT);
        int incrementsPerThread = 40;
        AtomicInteger conflicts = new AtomicInteger();

        onAllThreads((client, worker) -> {
            for (int i = 0; i < incrementsPerThread; i++) {
                while (true) {
                    Node node = client.getData("/counter");
                    int value = Integer.parseInt(node.dataAsString());
                    try {
                        client.setData("/counter", bytes(Integer.toString(value + 1)), node.version());
                        break;
                    } catch (BadVersionException e) {
                        conflicts.incrementAndGet();
                    }
                }
            }
            return null;
        });

        int expected = CLIENTS * THREADS_PER_CLIENT * incrementsPerThread;
        Node counter = clients.get(3).getData("/counter");
        assertThat(counter.dataAsString()).isEqualTo(Integer.toString(expected));
        assertThat(counter.version()).isEqualTo(expected);
        assertThat(conflicts.get()).as("the test must actually contend").isPositive();
    }

    @Test
    void multiTransfersKeepTheSumAndFailedMultisChangeNothing() throws Exception {
        Coordinator setup = clients.get(0);
        setup.create("/bank", null, CreateMode.PERSISTENT);
        setup.create("/bank/a", bytes("1000"), CreateMode.PERSISTENT);
        setup.create("/bank/b", bytes("0"), CreateMode.PERSISTENT);
        int transfersPerThread = 25;
        AtomicInteger failedMultis = new AtomicInteger();

        onAllThreads((client, worker) -> {
            for (int i = 0; i < transfersPerThread; i++) {
                while (true) {
                    Node a = client.getData("/bank/a");
                    Node b = client.getData("/bank/b");
                    int amount = 1 + (worker % 3);
                    try {
                        client.multi(
                                Op.setData("/bank/a", bytes(Integer.toString(value(a) - amount)), a.version()),
                                Op.setData("/bank/b", bytes(Integer.toString(value(b) + amount)), b.version()));
                        break;
                    } catch (BadVersionException e) {
                        failedMultis.incrementAndGet();
                    }
                }
            }
            return null;
        });

        Node a = setup.getData("/bank/a");
        Node b = setup.getData("/bank/b");
        int transfers = CLIENTS * THREADS_PER_CLIENT * transfersPerThread;
        assertThat(value(a) + value(b)).isEqualTo(1000);
        assertThat(a.version()).isEqualTo(transfers);
        assertThat(b.version()).isEqualTo(transfers);
        assertThat(failedMultis.get()).as("the test must actually contend").isPositive();
    }

    @Test
    void concurrentReadersNeverSeePartOfAMulti() throws Exception {
        Coordinator setup = clients.get(0);
        setup.create("/pairs", null, CreateMode.PERSISTENT);
        int pairsPerThread = 20;
        AtomicBoolean stop = new AtomicBoolean();
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();

        // getChildren reads in one statement (one snapshot): the names of one multi appear together or not at all.
        Thread reader = new Thread(() -> {
            Coordinator client = clients.get(CLIENTS - 1);
            while (!stop.get()) {
                Set<String> names = new HashSet<>(client.getChildren("/pairs"));
                for (String name : names) {
                    String partner = name.endsWith("-left") ? name.replace("-left", "-right")
                            : name.replace("-right", "-left");
                    if (!names.contains(partner) || name.contains("doomed")) {
                        violations.add(name + " in " + names);
                    }
                }
                reads.incrementAndGet();
            }
        }, "pairs-reader");
        reader.start();
        try {
            onAllThreads((client, worker) -> {
                for (int i = 0; i < pairsPerThread; i++) {
                    String pair = "/pairs/w" + worker + "-" + i;
                    client.multi(Op.create(pair + "-left", null, CreateMode.PERSISTENT),
                            Op.create(pair + "-right", null, CreateMode.EPHEMERAL));
                    try {
                        client.multi(Op.create(pair + "-doomed-left", null, CreateMode.PERSISTENT),
                                Op.create(pair + "-doomed-right", null, CreateMode.PERSISTENT),
                                Op.check("/pairs", 1_000_000));
                        throw new AssertionError("a multi with a failing check succeeded");
                    } catch (BadVersionException expected) {
                        // nothing of it may show
                    }
                    if (i % 2 == 0) {
                        client.multi(Op.delete(pair + "-left", -1), Op.delete(pair + "-right", -1));
                    }
                }
                return null;
            });
        } finally {
            stop.set(true);
            reader.join(30_000);
        }

        assertThat(violations).isEmpty();
        assertThat(reads.get()).isPositive();
        int remainingPairs = CLIENTS * THREADS_PER_CLIENT * pairsPerThread / 2;
        assertThat(setup.getChildren("/pairs")).hasSize(remainingPairs * 2);
        assertThat(setup.exists("/pairs").orElseThrow().numChildren()).isEqualTo(remainingPairs * 2);
    }

    private static int value(Node node) {
        return Integer.parseInt(new String(node.data(), StandardCharsets.UTF_8));
    }
}
