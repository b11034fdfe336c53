package dev.sluice.coordination.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.coordination.SessionState;
import dev.sluice.coordination.WatchedEvent;
import dev.sluice.coordination.Watcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watch bookkeeping alone, with hand-made notifications and snapshots (no database). */
class WatchRegistryTest {

    private final List<String> delivered = new ArrayList<>();
    private final WatchRegistry registry = new WatchRegistry(delivery -> delivery.callback().run());

    private Watcher recorder(String name) {
        return event -> delivered.add(name + ":" + event.type() + " " + event.path());
    }

    private static ChangeNotification data(long xid, String path) {
        return new ChangeNotification(ChangeNotification.Kind.DATA_CHANGED, xid, path);
    }

    private void change(long xid, String path) {
        registry.onChange(data(xid, path), SessionState.CONNECTED);
    }

    @Test
    void snapshotDecidesWhichChangesTheReadAlreadySaw() {
        TransactionSnapshot snapshot = TransactionSnapshot.parse("100:110:103,107");
        assertThat(snapshot.sees(99)).isTrue();
        assertThat(snapshot.sees(102)).isTrue();
        assertThat(snapshot.sees(103)).as("in progress when the read ran").isFalse();
        assertThat(snapshot.sees(110)).isFalse();
        assertThat(TransactionSnapshot.parse("5:5:").sees(4)).isTrue();
    }

    @Test
    void pendingWatchFiresOnlyForChangesItsReadDidNotSee() {
        WatchRegistry.Registration registration = registry.register("/a", WatchRegistry.Kind.DATA, recorder("w"));
        change(101, "/a"); // committed before the read's snapshot: seen
        change(105, "/a"); // in progress at the read: not seen
        assertThat(delivered).isEmpty();

        registry.arm(registration, TransactionSnapshot.parse("102:106:105"), SessionState.CONNECTED);
        change(120, "/a");

        assertThat(delivered).containsExactly("w:NODE_DATA_CHANGED /a");
        assertThat(registry.size()).isZero();
    }

    @Test
    void eventsStayInReceiptOrderWhenAPendingWatchFiresForAnEarlierChange() {
        WatchRegistry.Registration early = registry.register("/a", WatchRegistry.Kind.DATA, recorder("early"));
        WatchRegistry.Registration armed = registry.register("/b", WatchRegistry.Kind.DATA, recorder("armed"));
        registry.arm(armed, TransactionSnapshot.parse("100:100:"), SessionState.CONNECTED);

        change(200, "/a");
        change(201, "/b");
        assertThat(delivered).as("held behind the pending registration of /a").isEmpty();

        registry.arm(early, TransactionSnapshot.parse("100:100:"), SessionState.CONNECTED);
        assertThat(delivered).containsExactly("early:NODE_DATA_CHANGED /a", "armed:NODE_DATA_CHANGED /b");
    }

    @Test
    void onlyDeliveriesAfterTheOldestPendingRegistrationAreHeld() {
        WatchRegistry.Registration before = registry.register("/x", WatchRegistry.Kind.PERSISTENT, recorder("p"));
        registry.arm(before, TransactionSnapshot.parse("100:100:"), SessionState.CONNECTED);
        change(300, "/x");
        WatchRegistry.Registration pending = registry.register("/y", WatchRegistry.Kind.DATA, recorder("y"));
        change(301, "/x");

        assertThat(delivered).containsExactly("p:NODE_DATA_CHANGED /x");
        registry.cancel(pending);
        assertThat(delivered).containsExactly("p:NODE_DATA_CHANGED /x", "p:NODE_DATA_CHANGED /x");
    }

    @Test
    void oneShotFiresOncePersistentStaysAndSameWatcherHearsOncePerChange() {
        Watcher shared = recorder("shared");
        TransactionSnapshot empty = TransactionSnapshot.parse("1:1:");
        registry.arm(registry.register("/n", WatchRegistry.Kind.DATA, shared), empty, SessionState.CONNECTED);
        registry.arm(registry.register("/n", WatchRegistry.Kind.DATA, shared), empty, SessionState.CONNECTED);
        registry.arm(registry.register("/", WatchRegistry.Kind.PERSISTENT_RECURSIVE, recorder("tree")), empty,
                SessionState.CONNECTED);

        change(10, "/n");
        change(11, "/n");
        registry.onChange(new ChangeNotification(ChangeNotification.Kind.CHILDREN_CHANGED, 12, "/"),
                SessionState.CONNECTED);

        assertThat(delivered).containsExactly("shared:NODE_DATA_CHANGED /n", "tree:NODE_DATA_CHANGED /n",
                "tree:NODE_DATA_CHANGED /n");
    }

    @Test
    void endingTheSessionEndsEveryWatchWithANoneEvent() {
        List<WatchedEvent> events = new ArrayList<>();
        registry.arm(registry.register("/a", WatchRegistry.Kind.CHILDREN, events::add),
                TransactionSnapshot.parse("1:1:"), SessionState.CONNECTED);
        registry.register("/pending", WatchRegistry.Kind.DATA, events::add);

        registry.endAll(SessionState.EXPIRED);

        assertThat(events).extracting(WatchedEvent::path).containsExactlyInAnyOrder("/a", "/pending");
        assertThat(events).allSatisfy(event -> assertThat(event.state()).isEqualTo(SessionState.EXPIRED));
        assertThat(registry.size()).isZero();
    }
}
