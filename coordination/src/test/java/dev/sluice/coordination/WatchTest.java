package dev.sluice.coordination;

import static dev.sluice.coordination.CoordinationTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

@ExtendWith(PostgresExtension.class)
class WatchTest {

    private static final Duration WAIT = Timing.seconds(10);

    private static Database watcherDatabase;
    private static Database writerDatabase;
    private static Coordinator watching;
    private static Coordinator writing;

    @BeforeAll
    static void setUp(TestDatabase db) {
        watcherDatabase = CoordinationTestSupport.database(db);
        writerDatabase = CoordinationTestSupport.database(db);
        watching = CoordinationTestSupport.open(watcherDatabase, "watching");
        writing = CoordinationTestSupport.open(writerDatabase, "writing");
    }

    @AfterAll
    static void tearDown() {
        watching.close();
        writing.close();
        watcherDatabase.close();
        writerDatabase.close();
    }

    /**
     * Events arrive in commit order on one thread, so once an event caused later has arrived, every event caused
     * earlier has too: this proves the absence of extra events without sleeping.
     */
    private static void drainEvents(String name) {
        RecordingWatcher sentinel = new RecordingWatcher();
        String path = "/sentinel-" + name + "-" + System.nanoTime();
        watching.exists(path, sentinel);
        writing.create(path, null, CreateMode.PERSISTENT);
        sentinel.awaitCount(1, WAIT);
    }

    @Test
    void oneShotDataWatchFiresOnceForSeveralChanges() {
        writing.create("/once", bytes("0"), CreateMode.PERSISTENT);
        RecordingWatcher watcher = new RecordingWatcher();

        watching.getData("/once", watcher);
        writing.setData("/once", bytes("1"), -1);
        writing.setData("/once", bytes("2"), -1);
        drainEvents("once");

        assertThat(watcher.events()).containsExactly(
                new WatchedEvent(EventType.NODE_DATA_CHANGED, "/once", SessionState.CONNECTED));
    }

    @Test
    void existsWatchOnAbsentNodeFiresOnCreationAndOnPresentNodeOnDeletion() {
        RecordingWatcher created = new RecordingWatcher();
        assertThat(watching.exists("/appearing", created)).isEmpty();
        writing.create("/appearing", null, CreateMode.PERSISTENT);
        created.awaitCount(1, WAIT);

        RecordingWatcher deleted = new RecordingWatcher();
        assertThat(watching.exists("/appearing", deleted)).isPresent();
        writing.delete("/appearing", -1);
        deleted.awaitCount(1, WAIT);
        drainEvents("exists");

        assertThat(created.events()).extracting(WatchedEvent::type).containsExactly(EventType.NODE_CREATED);
        assertThat(deleted.events()).extracting(WatchedEvent::type).containsExactly(EventType.NODE_DELETED);
    }

    @Test
    void childrenWatchFiresOnChildChangesOnlyNotOnGrandchildrenOrData() {
        writing.create("/kids", null, CreateMode.PERSISTENT);
        writing.create("/kids/a", null, CreateMode.PERSISTENT);
        RecordingWatcher watcher = new RecordingWatcher();

        assertThat(watching.getChildren("/kids", watcher)).containsExactly("a");
        writing.setData("/kids", bytes("data"), -1);
        writing.create("/kids/a/grandchild", null, CreateMode.PERSISTENT);
        writing.setData("/kids/a", bytes("data"), -1);
        drainEvents("kids-1");
        assertThat(watcher.events()).isEmpty();

        writing.create("/kids/b", null, CreateMode.EPHEMERAL);
        watcher.awaitCount(1, WAIT);
        assertThat(watcher.events()).containsExactly(
                new WatchedEvent(EventType.NODE_CHILDREN_CHANGED, "/kids", SessionState.CONNECTED));
    }

    @Test
    void getDataOnMissingNodeSetsNoWatch() {
        RecordingWatcher watcher = new RecordingWatcher();
        try {
            watching.getData("/not-there", watcher);
        } catch (NoNodeException expected) {
            // no watch may remain
        }
        writing.create("/not-there", null, CreateMode.PERSISTENT);
        drainEvents("missing");
        assertThat(watcher.events()).isEmpty();
    }

    @Test
    void watchDoesNotFireForAChangeItsReadAlreadySaw() {
        writing.create("/seen", bytes("0"), CreateMode.PERSISTENT);
        for (int i = 1; i <= 20; i++) {
            RecordingWatcher watcher = new RecordingWatcher();
            writing.setData("/seen", bytes(Integer.toString(i)), -1);
            // The notification of that change is likely still in flight while this read registers its watch.
            Node node = watching.getData("/seen", watcher);
            assertThat(node.dataAsString()).isEqualTo(Integer.toString(i));
            drainEvents("seen-" + i);
            assertThat(watcher.events()).as("watch set after change %d", i).isEmpty();
            watching.removeWatches("/seen", watcher);
        }
    }

    @Test
    void sameWatcherRegisteredTwiceIsCalledOncePerChange() {
        writing.create("/twice", null, CreateMode.PERSISTENT);
        RecordingWatcher watcher = new RecordingWatcher();

        watching.getData("/twice", watcher);
        watching.exists("/twice", watcher);
        writing.delete("/twice", -1);
        drainEvents("twice");

        assertThat(watcher.events()).extracting(WatchedEvent::type).containsExactly(EventType.NODE_DELETED);
    }

    @Test
    void persistentWatchFiresForEveryChangeUntilRemoved() {
        RecordingWatcher watcher = new RecordingWatcher();
        watching.addWatch("/persistent", AddWatchMode.PERSISTENT, watcher);

        writing.create("/persistent", null, CreateMode.PERSISTENT);
        writing.setData("/persistent", bytes("1"), -1);
        writing.create("/persistent/child", null, CreateMode.PERSISTENT);
        writing.setData("/persistent/child", bytes("ignored"), -1);
        writing.setData("/persistent", bytes("2"), -1);
        drainEvents("persistent-1");
        assertThat(watching.removeWatches("/persistent", watcher)).isTrue();
        writing.setData("/persistent", bytes("3"), -1);
        drainEvents("persistent-2");

        assertThat(watcher.events()).extracting(WatchedEvent::type).containsExactly(
                EventType.NODE_CREATED, EventType.NODE_DATA_CHANGED, EventType.NODE_CHILDREN_CHANGED,
                EventType.NODE_DATA_CHANGED);
    }

    @Test
    void recursiveWatchSeesEveryNodeBelowInCommitOrder() {
        RecordingWatcher watcher = new RecordingWatcher();
        watching.addWatch("/tree", AddWatchMode.PERSISTENT_RECURSIVE, watcher);

        writing.create("/tree", null, CreateMode.PERSISTENT);
        writing.create("/tree/a", null, CreateMode.PERSISTENT);
        writing.create("/tree/a/b", null, CreateMode.PERSISTENT);
        writing.setData("/tree/a", bytes("x"), -1);
        writing.create("/treetop", null, CreateMode.PERSISTENT);
        writing.delete("/tree/a/b", -1);
        drainEvents("tree");

        assertThat(watcher.events()).extracting(event -> event.type() + " " + event.path()).containsExactly(
                "NODE_CREATED /tree", "NODE_CREATED /tree/a", "NODE_CREATED /tree/a/b",
                "NODE_DATA_CHANGED /tree/a", "NODE_DELETED /tree/a/b");
    }

    @Test
    void eventsOfManyWatchesArriveInCommitOrder() {
        int count = 30;
        List<String> order = new CopyOnWriteArrayList<>();
        writing.create("/order", null, CreateMode.PERSISTENT);
        for (int i = 0; i < count; i++) {
            writing.create("/order/n" + i, null, CreateMode.PERSISTENT);
        }
        Watcher recorder = event -> order.add(event.path());
        for (int i = 0; i < count; i++) {
            watching.getData("/order/n" + i, recorder);
        }
        List<String> expected = new ArrayList<>();
        for (int i = count - 1; i >= 0; i -= 2) {
            writing.setData("/order/n" + i, bytes("x"), -1);
            expected.add("/order/n" + i);
        }
        for (int i = 0; i < count; i += 2) {
            writing.setData("/order/n" + i, bytes("x"), -1);
            expected.add("/order/n" + i);
        }
        Await.until(() -> order.size() == count, WAIT, () -> "events so far: " + order);
        assertThat(order).containsExactlyElementsOf(expected);
    }

    @Test
    void everyOneShotRegistrationFiresExactlyOnceUnderConcurrentChanges() throws Exception {
        writing.create("/busy", bytes("0"), CreateMode.PERSISTENT);
        int threads = 3;
        int registrationsPerThread = 40;
        AtomicBoolean writingDone = new AtomicBoolean();
        List<AtomicInteger> counters = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<?> writer = pool.submit(() -> {
                int value = 0;
                while (!writingDone.get()) {
                    writing.setData("/busy", bytes(Integer.toString(++value)), -1);
                }
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                readers.add(pool.submit(() -> {
                    for (int i = 0; i < registrationsPerThread; i++) {
                        AtomicInteger fired = new AtomicInteger();
                        counters.add(fired);
                        watching.getData("/busy", event -> fired.incrementAndGet());
                        Await.until(() -> fired.get() > 0, WAIT, () -> "one-shot watch on /busy never fired");
                    }
                }));
            }
            for (Future<?> reader : readers) {
                reader.get(60, TimeUnit.SECONDS);
            }
            writingDone.set(true);
            writer.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        drainEvents("busy");
        assertThat(counters).hasSize(threads * registrationsPerThread)
                .allSatisfy(counter -> assertThat(counter.get()).isEqualTo(1));
    }
}
