package dev.sluice.coordination;

import static dev.sluice.coordination.CoordinationTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.db.Database;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class NodeOperationsTest {

    private static Database database;
    private static Coordinator coordinator;

    @BeforeAll
    static void setUp(TestDatabase db) {
        database = CoordinationTestSupport.database(db);
        coordinator = CoordinationTestSupport.open(database, "nodes");
    }

    @AfterAll
    static void tearDown() {
        coordinator.close();
        database.close();
    }

    @Test
    void createdNodeHasItsDataAndAFreshStat() {
        String path = coordinator.create("/fresh", bytes("hello"), CreateMode.PERSISTENT);

        Node node = coordinator.getData(path);
        assertThat(path).isEqualTo("/fresh");
        assertThat(node.dataAsString()).isEqualTo("hello");
        assertThat(node.stat().version()).isZero();
        assertThat(node.stat().childVersion()).isZero();
        assertThat(node.stat().dataLength()).isEqualTo(5);
        assertThat(node.stat().numChildren()).isZero();
        assertThat(node.stat().isEphemeral()).isFalse();
        assertThat(node.stat().createdAt()).isEqualTo(node.stat().modifiedAt());
    }

    @Test
    void setDataIncrementsVersionAndChecksExpectedVersion() {
        coordinator.create("/cas", bytes("0"), CreateMode.PERSISTENT);

        Stat first = coordinator.setData("/cas", bytes("1"), 0);
        Stat second = coordinator.setData("/cas", bytes("2"), Coordinator.ANY_VERSION);

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThatThrownBy(() -> coordinator.setData("/cas", bytes("x"), 1))
                .isInstanceOf(BadVersionException.class)
                .hasMessageContaining("'/cas'").hasMessageContaining("version 2")
                .hasMessageContaining("expected version 1");
        assertThat(coordinator.getData("/cas").dataAsString()).isEqualTo("2");
    }

    @Test
    void parentCountsChildrenAndChildVersion() {
        coordinator.create("/parent", null, CreateMode.PERSISTENT);
        coordinator.create("/parent/b", null, CreateMode.PERSISTENT);
        coordinator.create("/parent/a", null, CreateMode.PERSISTENT);
        coordinator.delete("/parent/b", 0);

        Stat stat = coordinator.exists("/parent").orElseThrow();
        assertThat(stat.numChildren()).isEqualTo(1);
        assertThat(stat.childVersion()).isEqualTo(3);
        assertThat(stat.version()).isZero();
        assertThat(coordinator.getChildren("/parent")).containsExactly("a");
    }

    @Test
    void childrenAreSortedByName() {
        coordinator.create("/sorted", null, CreateMode.PERSISTENT);
        for (String name : List.of("c", "a", "B", "b", "a1")) {
            coordinator.create("/sorted/" + name, null, CreateMode.PERSISTENT);
        }
        assertThat(coordinator.getChildren("/sorted")).containsExactly("B", "a", "a1", "b", "c");
    }

    @Test
    void sequentialNamesAreZeroPaddedAndIncreasePerParent() {
        coordinator.create("/seq", null, CreateMode.PERSISTENT);
        coordinator.create("/other", null, CreateMode.PERSISTENT);

        String first = coordinator.create("/seq/item-", null, CreateMode.PERSISTENT_SEQUENTIAL);
        String elsewhere = coordinator.create("/other/item-", null, CreateMode.PERSISTENT_SEQUENTIAL);
        String second = coordinator.create("/seq/item-", null, CreateMode.EPHEMERAL_SEQUENTIAL);
        coordinator.delete(second, -1);
        String third = coordinator.create("/seq/", null, CreateMode.PERSISTENT_SEQUENTIAL);

        assertThat(first).isEqualTo("/seq/item-0000000000");
        assertThat(elsewhere).isEqualTo("/other/item-0000000000");
        assertThat(second).isEqualTo("/seq/item-0000000001");
        assertThat(third).isEqualTo("/seq/0000000002");
    }

    @Test
    void createFailsWhenNodeExistsOrParentIsMissing() {
        coordinator.create("/dup", null, CreateMode.PERSISTENT);

        assertThatThrownBy(() -> coordinator.create("/dup", null, CreateMode.PERSISTENT))
                .isInstanceOf(NodeExistsException.class).hasMessageContaining("'/dup'");
        assertThatThrownBy(() -> coordinator.create("/missing/child", null, CreateMode.PERSISTENT))
                .isInstanceOf(NoNodeException.class)
                .hasMessageContaining("'/missing/child'").hasMessageContaining("parent '/missing'");
        assertThat(coordinator.exists("/dup").orElseThrow().childVersion()).isZero();
    }

    @Test
    void ephemeralNodesCannotHaveChildren() {
        coordinator.create("/eph", null, CreateMode.EPHEMERAL);

        assertThat(coordinator.exists("/eph").orElseThrow().ephemeralOwner()).isEqualTo(coordinator.sessionId());
        assertThatThrownBy(() -> coordinator.create("/eph/child", null, CreateMode.PERSISTENT))
                .isInstanceOf(NoChildrenForEphemeralsException.class).hasMessageContaining("'/eph'");
    }

    @Test
    void deleteChecksVersionAndChildren() {
        coordinator.create("/del", null, CreateMode.PERSISTENT);
        coordinator.create("/del/child", null, CreateMode.PERSISTENT);
        coordinator.setData("/del/child", bytes("x"), -1);

        assertThatThrownBy(() -> coordinator.delete("/del", -1))
                .isInstanceOf(NotEmptyException.class).hasMessageContaining("'/del'").hasMessageContaining("1 child");
        assertThatThrownBy(() -> coordinator.delete("/del/child", 0))
                .isInstanceOf(BadVersionException.class).hasMessageContaining("'/del/child'");
        assertThatThrownBy(() -> coordinator.delete("/del/nothing", -1))
                .isInstanceOf(NoNodeException.class).hasMessageContaining("'/del/nothing'");

        coordinator.delete("/del/child", 1);
        coordinator.delete("/del", 0);
        assertThat(coordinator.exists("/del")).isEmpty();
    }

    @Test
    void readsOfMissingNodesFailNamingThePath() {
        assertThatThrownBy(() -> coordinator.getData("/nope")).isInstanceOf(NoNodeException.class)
                .hasMessageContaining("'/nope'");
        assertThatThrownBy(() -> coordinator.getChildren("/nope")).isInstanceOf(NoNodeException.class);
        assertThatThrownBy(() -> coordinator.setData("/nope", null, -1)).isInstanceOf(NoNodeException.class);
        assertThat(coordinator.exists("/nope")).isEmpty();
    }

    @Test
    void invalidPathsAreRejectedWithThePathInTheMessage() {
        for (String bad : List.of("", "relative", "/trailing/", "/double//slash", "/dot/./x", "/dot/..",
                "/control\u0001char")) {
            assertThatThrownBy(() -> coordinator.create(bad, null, CreateMode.PERSISTENT))
                    .as(bad).isInstanceOf(InvalidPathException.class).hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> coordinator.getData("/a/" + "x".repeat(2000)))
                .isInstanceOf(InvalidPathException.class).hasMessageContaining("1024 bytes");
        assertThatThrownBy(() -> coordinator.delete("/", -1)).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void rootExistsAndEnsurePathCreatesAncestors() {
        assertThat(coordinator.exists("/")).isPresent();
        coordinator.ensurePath("/deep/down/here");
        coordinator.ensurePath("/deep/down/here");
        assertThat(coordinator.exists("/deep/down/here")).isPresent();
        assertThat(coordinator.getChildren("/deep")).containsExactly("down");
    }

    @Test
    void multiAppliesAllOperationsAtomically() {
        coordinator.create("/multi", bytes("a"), CreateMode.PERSISTENT);

        List<OpResult> results = coordinator.multi(
                Op.check("/multi", 0),
                Op.create("/multi/seq-", bytes("s"), CreateMode.PERSISTENT_SEQUENTIAL),
                Op.setData("/multi", bytes("b"), 0),
                Op.create("/multi/gone", null, CreateMode.PERSISTENT),
                Op.delete("/multi/gone", 0));

        assertThat(results).hasSize(5);
        assertThat(((OpResult.Created) results.get(1)).path()).isEqualTo("/multi/seq-0000000000");
        assertThat(((OpResult.DataSet) results.get(2)).stat().version()).isEqualTo(1);
        assertThat(coordinator.getChildren("/multi")).containsExactly("seq-0000000000");
        assertThat(coordinator.getData("/multi").dataAsString()).isEqualTo("b");
    }

    @Test
    void failedMultiAppliesNothing() {
        coordinator.create("/atomic", bytes("before"), CreateMode.PERSISTENT);

        assertThatThrownBy(() -> coordinator.multi(
                Op.setData("/atomic", bytes("after"), 0),
                Op.create("/atomic/child", null, CreateMode.PERSISTENT),
                Op.create("/atomic/child", null, CreateMode.PERSISTENT)))
                .isInstanceOf(NodeExistsException.class).hasMessageContaining("'/atomic/child'");
        assertThatThrownBy(() -> coordinator.multi(
                Op.create("/atomic/other", null, CreateMode.PERSISTENT),
                Op.check("/atomic", 7)))
                .isInstanceOf(BadVersionException.class);

        Node node = coordinator.getData("/atomic");
        assertThat(node.dataAsString()).isEqualTo("before");
        assertThat(node.stat().numChildren()).isZero();
        assertThat(node.stat().childVersion()).isZero();
        assertThat(coordinator.getChildren("/atomic")).isEmpty();
    }
}
