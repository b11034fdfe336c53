package dev.sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The threads of one trial: each gets its body before any starts, all start together on {@link #start()}, and
 * {@link #stop} asks them to finish, waits a bounded time, then interrupts. The first failure of any body is
 * rethrown by {@link #stop}. Used by the trial's own thread only; the bodies read the volatile
 * {@link #running()} flag.
 */
final class Crew {

    /** Work done by one thread of the crew. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private final String name;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch go = new CountDownLatch(1);
    private volatile boolean running = true;

    Crew(String name) {
        this.name = name;
    }

    void add(String role, Body body) {
        Thread thread = new Thread(() -> {
            try {
                go.await();
                body.run();
            } catch (InterruptedException e) {
                if (running) {
                    failures.add(e);
                }
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failures.add(e);
                running = false;
            }
        }, "bench | " + name + " " + role);
        thread.setDaemon(true);
        threads.add(thread);
    }

    boolean running() {
        return running;
    }

    /** Starts every thread; they pass the start gate together. */
    void start() {
        threads.forEach(Thread::start);
        go.countDown();
    }

    /**
     * Sleeps until {@code deadlineNanos} (by {@link System#nanoTime()}) unless a body fails first.
     */
    void awaitDeadline(long deadlineNanos) throws InterruptedException {
        long left;
        while (running && (left = deadlineNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /**
     * Tells every body to finish, waits up to {@code grace} for all, interrupts the rest.
     *
     * @throws Exception the first failure of a body, or an IllegalStateException naming threads that hung
     */
    void stop(Duration grace) throws Exception {
        running = false;
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> hung = new ArrayList<>();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            if (thread.isAlive()) {
                hung.add(thread.getName());
                thread.interrupt();
            }
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            if (first instanceof Exception e) {
                throw e;
            }
            throw new IllegalStateException("A thread of " + name + " failed", first);
        }
        if (!hung.isEmpty()) {
            throw new IllegalStateException(name + ": threads " + hung + " did not finish within " + grace
                    + " after the window closed (a blocked send or receive?)");
        }
    }
}
