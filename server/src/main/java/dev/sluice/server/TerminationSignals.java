package dev.sluice.server;

import sun.misc.Signal;

/**
 * Runs an action when the process is asked to stop (SIGTERM, or SIGINT from Ctrl-C), before the JVM begins its
 * shutdown. A plain shutdown hook would race with the hooks of libraries: the embedded PostgreSQL's own hook may
 * stop the database while the server still leaves the election and closes its session through it. Handling the
 * signal instead lets the server stop in order and exit with status 0. The action runs once, on the thread
 * {@code sluice-shutdown}; a second signal while it runs does nothing more. Thread-safe.
 */
public final class TerminationSignals {

    private TerminationSignals() {
    }

    /** Calls {@code action} on the first SIGTERM or SIGINT. */
    public static void onTermination(Runnable action) {
        java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (fired.compareAndSet(false, true)) {
                    Thread stopper = new Thread(action, "sluice-shutdown");
                    stopper.start();
                }
            });
        }
    }
}
