package dev.sluice.coordination.recipes;

import static dev.sluice.coordination.CoordinationTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.coordination.CoordinationTestSupport;
import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.NodeExistsException;
import dev.sluice.db.Database;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class GroupMembershipTest {

    @Test
    void membersSeeJoinsLeavesCrashesAndDataChanges(TestDatabase db) {
        try (Database database = CoordinationTestSupport.database(db);
             Coordinator observerSession = CoordinationTestSupport.open(database, "observer");
             Coordinator aliceSession = CoordinationTestSupport.open(database, "alice");
             Coordinator bobSession = CoordinationTestSupport.open(database, "bob")) {
            Coordinator carolSession = CoordinationTestSupport.open(database, "carol");
            GroupMembership observer = new GroupMembership(observerSession, "/groups/servers", null, null);
            List<Set<String>> seen = new CopyOnWriteArrayList<>();
            observer.addListener(members -> seen.add(members.keySet()));
            observer.start();
            GroupMembership alice = new GroupMembership(aliceSession, "/groups/servers", "alice", bytes("a:1"));
            GroupMembership bob = new GroupMembership(bobSession, "/groups/servers", "bob", bytes("b:1"));
            GroupMembership carol = new GroupMembership(carolSession, "/groups/servers", "carol", bytes("c:1"));
            alice.start();
            bob.start();
            carol.start();

            Await.until(() -> observer.members().keySet().equals(Set.of("alice", "bob", "carol")), Timing.seconds(5),
                    () -> "observer sees " + observer.members().keySet());
            Await.until(() -> alice.members().keySet().equals(Set.of("alice", "bob", "carol")), Timing.seconds(5),
                    () -> "alice sees " + alice.members().keySet());
            assertThatThrownBy(() -> new GroupMembership(observerSession, "/groups/servers", "alice", null).start())
                    .isInstanceOf(NodeExistsException.class).hasMessageContaining("/groups/servers/alice");

            bob.updateData(bytes("b:2"));
            Await.until(() -> "b:2".equals(text(alice.members().get("bob"))), Timing.seconds(5),
                    () -> "alice sees " + alice.members());

            bob.close();
            Await.until(() -> observer.members().keySet().equals(Set.of("alice", "carol")), Timing.seconds(5),
                    () -> "observer sees " + observer.members().keySet());

            carolSession.stopHeartbeatsForTesting();
            Await.until(() -> observer.members().keySet().equals(Set.of("alice")),
                    Timing.scaled(CoordinationTestSupport.TIMEOUT.plusSeconds(3)),
                    () -> "observer sees " + observer.members().keySet());

            assertThat(seen.get(seen.size() - 1)).containsExactly("alice");
            assertThat(seen).contains(Set.of("alice", "carol"));
            observer.close();
            alice.close();
            carolSession.close();
        }
    }

    private static String text(byte[] data) {
        return data == null ? null : new String(data, StandardCharsets.UTF_8);
    }
}
