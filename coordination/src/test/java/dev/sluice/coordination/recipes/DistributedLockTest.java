package dev.sluice.coordination.recipes;

import static dev.sluice.coordination.CoordinationTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.coordination.CoordinationTestSupport;
import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.CreateMode;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DistributedLockTest {

    private static final int CLIENTS = 4;

    private static final List<Database> databases = new ArrayList<>();
    private static final List<Coordinator> clients = new ArrayList<>();

    @BeforeAll
    static void setUp(TestDatabase db) {
        for (int i = 0; i < CLIENTS; i++) {
            Database database = CoordinationTestSupport.database(db, 3);
            databases.add(database);
            clients.add(CoordinationTestSupport.open(database, "locker-" + i));
        }
    }

    @AfterAll
    static void tearDown() {
        clients.forEach(Coordinator::close);
        databases.forEach(Database::close);
    }

    @Test
    void fourClientsTimesTwoHundredCriticalSectionsCountExactlyEightHundred() throws Exception {
        int sections = 200;
        clients.get(0).create("/shared-value", bytes("0"), CreateMode.PERSISTENT);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (Coordinator client : clients) {
                DistributedLock lock = new DistributedLock(client, "/locks/counter");
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < sections; i++) {
                        lock.acquire();
                        try {
                            if (inside.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            // Read-modify-write with no version check: only the lock keeps updates apart.
                            int value = Integer.parseInt(client.getData("/shared-value").dataAsString());
                            client.setData("/shared-value", bytes(Integer.toString(value + 1)), -1);
                            inside.decrementAndGet();
                        } finally {
                            lock.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(180, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(clients.get(0).getData("/shared-value").dataAsString()).isEqualTo(Integer.toString(CLIENTS * sections));
        assertThat(overlaps.get()).isZero();
        assertThat(clients.get(1).getChildren("/locks/counter")).isEmpty();
    }

    @Test
    void reentrantWithinAThreadAndExclusiveAcrossClients() throws Exception {
        DistributedLock mine = new DistributedLock(clients.get(0), "/locks/reentrant");
        DistributedLock theirs = new DistributedLock(clients.get(1), "/locks/reentrant");

        mine.acquire();
        mine.acquire();
        assertThat(mine.holdCount()).isEqualTo(2);
        assertThat(clients.get(0).getChildren("/locks/reentrant")).hasSize(1);
        mine.release();
        assertThat(mine.isHeldByCurrentThread()).isTrue();
        assertThat(theirs.tryAcquire(Duration.ofMillis(200))).isFalse();
        assertThat(clients.get(0).getChildren("/locks/reentrant")).as("a timed-out request is withdrawn").hasSize(1);
        mine.release();
        assertThat(mine.isHeldByCurrentThread()).isFalse();
        assertThat(theirs.tryAcquire(Timing.seconds(5))).isTrue();
        theirs.release();
        assertThatThrownBy(mine::release).isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("/locks/reentrant");
    }

    @Test
    void grantedInRequestOrder() throws Exception {
        DistributedLock first = new DistributedLock(clients.get(0), "/locks/fair");
        first.acquire();
        List<String> order = new CopyOnWriteArrayList<>();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 1; i < CLIENTS; i++) {
            DistributedLock lock = new DistributedLock(clients.get(i), "/locks/fair");
            String name = "client-" + i;
            Thread waiter = new Thread(() -> {
                try {
                    lock.acquire();
                    order.add(name);
                    lock.release();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "waiter-" + i);
            waiter.start();
            waiters.add(waiter);
            int queued = i + 1;
            // Each request is queued before the next one is made.
            Await.until(() -> clients.get(0).getChildren("/locks/fair").size() == queued, Timing.seconds(10),
                    () -> "request " + name + " not queued");
        }
        first.release();
        for (Thread waiter : waiters) {
            waiter.join(Timing.seconds(20).toMillis());
        }
        assertThat(order).containsExactly("client-1", "client-2", "client-3");
    }

    @Test
    void lockOfACrashedHolderPassesOnWithinTimeoutPlusOneSecond(TestDatabase db) throws Exception {
        try (Database database = CoordinationTestSupport.database(db, 2)) {
            Coordinator crashing = CoordinationTestSupport.open(database, "crashing");
            DistributedLock held = new DistributedLock(crashing, "/locks/crash");
            held.acquire();
            DistributedLock waiting = new DistributedLock(clients.get(0), "/locks/crash");

            long crashedAt = System.nanoTime();
            crashing.stopHeartbeatsForTesting();
            boolean acquired = waiting.tryAcquire(Timing.scaled(CoordinationTestSupport.TIMEOUT.plusSeconds(5)));
            Duration after = Duration.ofNanos(System.nanoTime() - crashedAt);

            assertThat(acquired).isTrue();
            assertThat(after).isLessThan(Timing.scaled(CoordinationTestSupport.TIMEOUT.plusSeconds(1)));
            assertThat(held.isHeldByCurrentThread()).as("the crashed holder knows it may not rely on it").isFalse();
            waiting.release();
            crashing.close();
        }
    }
}
