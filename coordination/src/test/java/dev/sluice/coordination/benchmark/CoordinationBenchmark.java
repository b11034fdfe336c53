package dev.sluice.coordination.benchmark;

import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.CoordinatorConfig;
import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.TestPostgres;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Prints create / get / set operations per second and watch-notification latency (median, p99) of Sluice's
 * coordination service and, in the same run with the same workload, of an in-process Apache ZooKeeper server
 * (Curator's {@code TestingServer}), with the ratios. A program that prints figures, not a test of them.
 *
 * <p>Workload: {@code threads} clients (each its own session: a {@link Coordinator} with its own pool, or its own
 * ZooKeeper handle), each doing {@code operations} synchronous creates of 100-byte persistent nodes, then as many
 * gets, then as many unconditional sets; then one client sets a one-shot data watch and another changes the
 * node, {@code watchSamples} times, timing from just before the change to the watcher's call.
 *
 * <p>Both servers run on this machine without fsync (the test PostgreSQL has {@code fsync=off}; ZooKeeper gets
 * {@code zookeeper.forceSync=no}), so the comparison is of the software, not of the disk.
 *
 * <p>Arguments: {@code [operations per thread] [threads] [watch samples]}, default 2000 4 1000.
 */
public final class CoordinationBenchmark {

    private static final byte[] PAYLOAD = new byte[100];

    private CoordinationBenchmark() {
    }

    /** The figures of one system. */
    record Figures(String system, double createsPerSecond, double getsPerSecond, double setsPerSecond,
                   double watchMedianMillis, double watchP99Millis) {
    }

    /** One client of the benchmarked system; each thread uses its own. */
    interface Client extends AutoCloseable {
        void create(String path) throws Exception;

        void get(String path) throws Exception;

        void set(String path) throws Exception;

        /** Sets a one-shot data watch on {@code path} whose firing counts down {@code fired}. */
        void watch(String path, CountDownLatch fired) throws Exception;

        @Override
        void close() throws Exception;
    }

    interface ClientFactory {
        Client open(int index) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int watchSamples = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        run(operations, threads, watchSamples, System.out);
    }

    /** Runs both systems and prints the table; returns the figures (Sluice first). */
    public static List<Figures> run(int operations, int threads, int watchSamples, PrintStream out)
            throws Exception {
        out.printf("Coordination benchmark: %d threads x %d operations, %d watch samples%n", threads, operations,
                watchSamples);
        Figures sluice = runSluice(operations, threads, watchSamples);
        Figures zookeeper = runZooKeeper(operations, threads, watchSamples);
        out.printf(Locale.ROOT, "%-26s %14s %14s %10s%n", "", "Sluice", "ZooKeeper", "Sluice/ZK");
        row(out, "create ops/s", sluice.createsPerSecond(), zookeeper.createsPerSecond());
        row(out, "get ops/s", sluice.getsPerSecond(), zookeeper.getsPerSecond());
        row(out, "set ops/s", sluice.setsPerSecond(), zookeeper.setsPerSecond());
        row(out, "watch latency median ms", sluice.watchMedianMillis(), zookeeper.watchMedianMillis());
        row(out, "watch latency p99 ms", sluice.watchP99Millis(), zookeeper.watchP99Millis());
        return List.of(sluice, zookeeper);
    }

    private static void row(PrintStream out, String label, double sluice, double zookeeper) {
        out.printf(Locale.ROOT, "%-26s %14.2f %14.2f %10.2f%n", label, sluice, zookeeper, sluice / zookeeper);
    }

    private static Figures runSluice(int operations, int threads, int watchSamples) throws Exception {
        TestDatabase db = TestPostgres.get().createDatabase("coordination_benchmark");
        List<Database> databases = new ArrayList<>();
        ClientFactory factory = index -> {
            Database database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                    .password(db.password()).poolSize(2).build());
            synchronized (databases) {
                databases.add(database);
            }
            Coordinator coordinator = Coordinator.open(database, CoordinatorConfig.builder()
                    .sessionTimeout(Duration.ofSeconds(10)).name("bench-" + index).build());
            return new SluiceClient(coordinator);
        };
        try {
            return measure("Sluice", factory, operations, threads, watchSamples);
        } finally {
            databases.forEach(Database::close);
        }
    }

    private static Figures runZooKeeper(int operations, int threads, int watchSamples) throws Exception {
        System.setProperty("zookeeper.forceSync", "no");
        System.setProperty("zookeeper.admin.enableServer", "false");
        try (TestingServer server = new TestingServer(true)) {
            ClientFactory factory = index -> ZooKeeperClient.connect(server.getConnectString());
            return measure("ZooKeeper", factory, operations, threads, watchSamples);
        }
    }

    private static Figures measure(String system, ClientFactory factory, int operations, int threads,
                                   int watchSamples) throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < Math.max(threads, 2); i++) {
            clients.add(factory.open(i));
        }
        try {
            clients.get(0).create("/bench");
            // Warm-up: JIT, pools, prepared statements.
            for (int i = 0; i < Math.min(200, operations); i++) {
                clients.get(0).create("/bench/warm-" + i);
                clients.get(0).get("/bench/warm-" + i);
                clients.get(0).set("/bench/warm-" + i);
            }
            double creates = phase(clients, threads, operations, (client, t, i) -> client.create(path(t, i)));
            double gets = phase(clients, threads, operations, (client, t, i) -> client.get(path(t, i)));
            double sets = phase(clients, threads, operations, (client, t, i) -> client.set(path(t, i)));
            double[] latencies = watchLatencies(clients.get(0), clients.get(1), watchSamples);
            return new Figures(system, creates, gets, sets, percentile(latencies, 50), percentile(latencies, 99));
        } finally {
            for (Client client : clients) {
                client.close();
            }
        }
    }

    private static String path(int thread, int index) {
        return "/bench/t" + thread + "-" + index;
    }

    private interface Operation {
        void run(Client client, int thread, int index) throws Exception;
    }

    /** Runs {@code operations} per thread on all threads at once; returns operations per second overall. */
    private static double phase(List<Client> clients, int threads, int operations, Operation operation)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < operations; i++) {
                        operation.run(clients.get(thread), thread, i);
                    }
                    return null;
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            return threads * (double) operations / seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] watchLatencies(Client watching, Client writing, int samples) throws Exception {
        writing.create("/bench/watched");
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            CountDownLatch fired = new CountDownLatch(1);
            watching.watch("/bench/watched", fired);
            long before = System.nanoTime();
            writing.set("/bench/watched");
            if (!fired.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Watch sample " + i + " did not fire within 10 s");
            }
            millis[i] = (System.nanoTime() - before) / 1e6;
        }
        return millis;
    }

    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Sluice: one {@link Coordinator} with its own pool. */
    private record SluiceClient(Coordinator coordinator) implements Client {
        @Override
        public void create(String path) {
            coordinator.create(path, PAYLOAD, dev.sluice.coordination.CreateMode.PERSISTENT);
        }

        @Override
        public void get(String path) {
            coordinator.getData(path);
        }

        @Override
        public void set(String path) {
            coordinator.setData(path, PAYLOAD, Coordinator.ANY_VERSION);
        }

        @Override
        public void watch(String path, CountDownLatch fired) {
            coordinator.getData(path, event -> fired.countDown());
        }

        @Override
        public void close() {
            coordinator.close();
        }
    }

    /** ZooKeeper: one handle (one TCP session). */
    private record ZooKeeperClient(ZooKeeper zooKeeper) implements Client {
        static ZooKeeperClient connect(String connectString) throws Exception {
            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper zooKeeper = new ZooKeeper(connectString, 10_000, event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            if (!connected.await(30, TimeUnit.SECONDS)) {
                zooKeeper.close();
                throw new IllegalStateException("ZooKeeper at " + connectString + " did not connect within 30 s");
            }
            return new ZooKeeperClient(zooKeeper);
        }

        @Override
        public void create(String path) throws Exception {
            zooKeeper.create(path, PAYLOAD, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }

        @Override
        public void get(String path) throws Exception {
            zooKeeper.getData(path, false, null);
        }

        @Override
        public void set(String path) throws Exception {
            zooKeeper.setData(path, PAYLOAD, -1);
        }

        @Override
        public void watch(String path, CountDownLatch fired) throws Exception {
            zooKeeper.getData(path, event -> fired.countDown(), null);
        }

        @Override
        public void close() throws Exception {
            zooKeeper.close();
        }
    }
}
