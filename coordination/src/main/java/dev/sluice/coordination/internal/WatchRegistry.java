package dev.sluice.coordination.internal;

import dev.sluice.coordination.EventType;
import dev.sluice.coordination.SessionState;
import dev.sluice.coordination.WatchedEvent;
import dev.sluice.coordination.Watcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The watches of one coordinator, matched against the change notifications its listener receives.
 *
 * <p><b>Why registrations are "pending" first.</b> Notifications arrive on another connection than the read that
 * sets a watch, so a change committed just after the read may be received before the read returns. A watch is
 * therefore registered <em>before</em> its read, buffers matching notifications while pending, and is armed with
 * the read's {@link TransactionSnapshot} when the read returns: buffered and later notifications fire it only if
 * their transaction was not visible to the read. A watch thus fires for every change its read did not see, and
 * never for one it did.
 *
 * <p><b>Order.</b> Every notification gets a sequence number on receipt (= commit order). A pending registration
 * can only fire for notifications received after it was registered, so deliveries numbered up to the registration
 * point of the oldest pending registration are released at once, sorted by number, and later ones wait until that
 * registration is armed or cancelled. The event thread thus sees events in commit order even when an armed watch
 * fires for a notification received earlier, and a stream of new registrations never holds events back for
 * longer than one read.
 *
 * <p>A watcher matched by several registrations for one notification is called once. One-shot registrations are
 * removed when they fire. Thread-safe: all state is guarded by {@code lock}; deliveries go to the sink (the event
 * thread's queue) while the lock is held, which fixes their order.
 */
public final class WatchRegistry {

    /** What a registration watches. */
    public enum Kind {
        /** One-shot, from getData/exists: creation, data change or deletion of the node. */
        DATA,
        /** One-shot, from getChildren: a change of the node's children or its deletion. */
        CHILDREN,
        /** Stays: creation, data change, deletion and children changes of the node. */
        PERSISTENT,
        /** Stays: creation, data change and deletion of the node and every node below it. */
        PERSISTENT_RECURSIVE;

        boolean oneShot() {
            return this == DATA || this == CHILDREN;
        }
    }

    /** A callback for the event thread, handed to the sink: a watcher's event or another ordered callback. */
    public record Delivery(String description, Runnable callback) {
    }

    /** One registered watch; a handle for {@link #arm} and {@link #cancel}. */
    public static final class Registration {
        private final String path;
        private final Kind kind;
        private final Watcher watcher;
        private final long registeredAt;
        private TransactionSnapshot snapshot;
        private List<Received> buffered = new ArrayList<>();
        private boolean active = true;

        private Registration(String path, Kind kind, Watcher watcher, long registeredAt) {
            this.path = path;
            this.kind = kind;
            this.watcher = watcher;
            this.registeredAt = registeredAt;
        }

        private boolean pending() {
            return snapshot == null;
        }
    }

    private record Received(long sequence, ChangeNotification notification) {
    }

    /** A delivery held back until no registration is pending; watcher and event (or null) serve de-duplication. */
    private record Held(long sequence, Watcher watcher, WatchedEvent event, Delivery delivery) {
    }

    private final Object lock = new Object();
    private final Map<String, List<Registration>> byPath = new HashMap<>();
    private final List<Registration> recursive = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private final Consumer<Delivery> sink;
    /** Registration points of the pending registrations: sequence number → how many registered there. */
    private final TreeMap<Long, Integer> pendingStarts = new TreeMap<>();
    private long receivedCount;

    public WatchRegistry(Consumer<Delivery> sink) {
        this.sink = sink;
    }

    /** Registers a watch before the read that will arm it. */
    public Registration register(String path, Kind kind, Watcher watcher) {
        synchronized (lock) {
            Registration registration = new Registration(path, kind, watcher, receivedCount);
            if (kind == Kind.PERSISTENT_RECURSIVE) {
                recursive.add(registration);
            } else {
                byPath.computeIfAbsent(path, key -> new ArrayList<>()).add(registration);
            }
            pendingStarts.merge(registration.registeredAt, 1, Integer::sum);
            return registration;
        }
    }

    /** Arms a pending registration with the snapshot of its read; fires it for buffered changes the read missed. */
    public void arm(Registration registration, TransactionSnapshot snapshot, SessionState state) {
        synchronized (lock) {
            if (!registration.active || !registration.pending()) {
                return;
            }
            registration.snapshot = snapshot;
            notPending(registration);
            List<Received> buffered = registration.buffered;
            registration.buffered = null;
            for (Received received : buffered) {
                if (!registration.active) {
                    break;
                }
                if (!snapshot.sees(received.notification().xid())) {
                    hold(received.sequence(), registration, eventFor(received.notification(), state));
                }
            }
            releaseReady();
        }
    }

    /** Drops a registration whose read failed (getData of a missing node sets no watch). */
    public void cancel(Registration registration) {
        synchronized (lock) {
            remove(registration);
            releaseReady();
        }
    }

    /** Matches one received notification against the registrations. */
    public void onChange(ChangeNotification notification, SessionState state) {
        synchronized (lock) {
            long sequence = ++receivedCount;
            List<Registration> candidates = new ArrayList<>();
            List<Registration> atPath = byPath.get(notification.subject());
            if (atPath != null) {
                candidates.addAll(atPath);
            }
            for (Registration registration : recursive) {
                if (NodePath.isAtOrBelow(notification.subject(), registration.path)) {
                    candidates.add(registration);
                }
            }
            for (Registration registration : candidates) {
                if (!registration.active || !matches(registration, notification.kind())) {
                    continue;
                }
                if (registration.pending()) {
                    registration.buffered.add(new Received(sequence, notification));
                } else if (!registration.snapshot.sees(notification.xid())) {
                    hold(sequence, registration, eventFor(notification, state));
                }
            }
            releaseReady();
        }
    }

    /**
     * Ends every watch with a {@link EventType#NONE} event in {@code state} (the session expired or closed):
     * each watcher hears once per path it watched.
     */
    public void endAll(SessionState state) {
        synchronized (lock) {
            long sequence = ++receivedCount;
            for (Registration registration : all()) {
                hold(sequence, registration, new WatchedEvent(EventType.NONE, registration.path, state));
                remove(registration);
            }
            pendingStarts.clear();
            releaseReady();
        }
    }

    /**
     * After the notification connection was lost and restored, changes may have been missed: every watch gets a
     * {@link EventType#NONE} event in {@code state}; one-shot watches end, persistent ones stay.
     */
    public void resetAfterReconnect(SessionState state) {
        synchronized (lock) {
            long sequence = ++receivedCount;
            for (Registration registration : all()) {
                hold(sequence, registration, new WatchedEvent(EventType.NONE, registration.path, state));
            }
            releaseReady();
        }
    }

    /** Removes every watch of {@code watcher} on {@code path}; returns whether there was one. */
    public boolean removeWatches(String path, Watcher watcher) {
        synchronized (lock) {
            boolean removed = false;
            for (Registration registration : all()) {
                if (registration.path.equals(path) && registration.watcher == watcher) {
                    remove(registration);
                    removed = true;
                }
            }
            releaseReady();
            return removed;
        }
    }

    /** How many registrations are active (for tests and diagnostics). */
    public int size() {
        synchronized (lock) {
            return all().size();
        }
    }

    private List<Registration> all() {
        List<Registration> all = new ArrayList<>(recursive);
        byPath.values().forEach(all::addAll);
        return all;
    }

    private static boolean matches(Registration registration, ChangeNotification.Kind kind) {
        return switch (registration.kind) {
            case DATA, PERSISTENT_RECURSIVE -> kind == ChangeNotification.Kind.CREATED
                    || kind == ChangeNotification.Kind.DATA_CHANGED || kind == ChangeNotification.Kind.DELETED;
            case CHILDREN -> kind == ChangeNotification.Kind.CHILDREN_CHANGED
                    || kind == ChangeNotification.Kind.DELETED;
            case PERSISTENT -> kind == ChangeNotification.Kind.CREATED || kind == ChangeNotification.Kind.DELETED
                    || kind == ChangeNotification.Kind.DATA_CHANGED || kind == ChangeNotification.Kind.CHILDREN_CHANGED;
        };
    }

    private static WatchedEvent eventFor(ChangeNotification notification, SessionState state) {
        EventType type = switch (notification.kind()) {
            case CREATED -> EventType.NODE_CREATED;
            case DELETED -> EventType.NODE_DELETED;
            case DATA_CHANGED -> EventType.NODE_DATA_CHANGED;
            case CHILDREN_CHANGED -> EventType.NODE_CHILDREN_CHANGED;
            case SESSIONS_EXPIRED, SESSION_CLOSED, WAKE -> EventType.NONE;
        };
        return new WatchedEvent(type, notification.subject(), state);
    }

    /** Holds a delivery unless the same watcher already has the same event for the same notification. */
    private void hold(long sequence, Registration registration, WatchedEvent event) {
        if (registration.kind.oneShot()) {
            remove(registration);
        }
        Watcher watcher = registration.watcher;
        for (Held existing : held) {
            if (existing.sequence() == sequence && existing.watcher() == watcher && event.equals(existing.event())) {
                return;
            }
        }
        held.add(new Held(sequence, watcher, event,
                new Delivery("watcher of " + event.type() + " " + event.path(), () -> watcher.process(event))));
    }

    /**
     * Queues a callback that is not a watch event (a session state or expiry listener) in the same order as the
     * watch events, behind every change received so far.
     */
    public void enqueue(String description, Runnable callback) {
        synchronized (lock) {
            held.add(new Held(++receivedCount, null, null, new Delivery(description, callback)));
            releaseReady();
        }
    }

    private void remove(Registration registration) {
        if (!registration.active) {
            return;
        }
        registration.active = false;
        if (registration.pending()) {
            notPending(registration);
            registration.buffered = null;
        }
        if (registration.kind == Kind.PERSISTENT_RECURSIVE) {
            recursive.remove(registration);
        } else {
            List<Registration> atPath = byPath.get(registration.path);
            if (atPath != null) {
                for (Iterator<Registration> it = atPath.iterator(); it.hasNext(); ) {
                    if (it.next() == registration) {
                        it.remove();
                        break;
                    }
                }
                if (atPath.isEmpty()) {
                    byPath.remove(registration.path);
                }
            }
        }
    }

    private void notPending(Registration registration) {
        pendingStarts.computeIfPresent(registration.registeredAt, (at, count) -> count == 1 ? null : count - 1);
    }

    /** Releases the held deliveries that no pending registration can still precede, in sequence order. */
    private void releaseReady() {
        if (held.isEmpty()) {
            return;
        }
        long floor = pendingStarts.isEmpty() ? Long.MAX_VALUE : pendingStarts.firstKey();
        held.sort(Comparator.comparingLong(Held::sequence));
        int released = 0;
        for (Held delivery : held) {
            if (delivery.sequence() > floor) {
                break;
            }
            sink.accept(delivery.delivery());
            released++;
        }
        held.subList(0, released).clear();
    }
}
