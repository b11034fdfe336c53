package dev.sluice.coordination.recipes;

import dev.sluice.coordination.AddWatchMode;
import dev.sluice.coordination.CoordinationException;
import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.CreateMode;
import dev.sluice.coordination.EventType;
import dev.sluice.coordination.NoNodeException;
import dev.sluice.coordination.NodeExistsException;
import dev.sluice.coordination.SessionState;
import dev.sluice.coordination.Watcher;
import dev.sluice.coordination.internal.NodePath;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership of a group: each member is an ephemeral node {@code <group>/<memberId>} holding the member's data,
 * so a member that crashes leaves the group when its session expires. Every member (and any observer, with a
 * null member id) sees the current membership through {@link #members()} and is told of changes through
 * {@link MembershipListener}s; a recursive persistent watch on the group path triggers a re-read.
 *
 * <p>Lifecycle LATENT → STARTED → CLOSED. Thread-safe: the membership is an immutable map in an atomic
 * reference, refreshed on the coordinator's event thread (and on the thread calling {@link #start()}).
 */
public final class GroupMembership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupMembership.class);

    private final Coordinator coordinator;
    private final String groupPath;
    private final String memberId;
    private final byte[] initialData;
    private final AtomicReference<RecipeState> state = new AtomicReference<>(RecipeState.LATENT);
    private final AtomicReference<Map<String, byte[]>> members = new AtomicReference<>(Map.of());
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final Watcher groupWatcher = event -> {
        if (event.type() != EventType.NONE || event.state() == SessionState.CONNECTED) {
            refreshLogged();
        }
    };

    /**
     * @param memberId this process's id in the group (a valid path segment), or null to only observe
     * @param data     this member's data (e.g. its address)
     */
    public GroupMembership(Coordinator coordinator, String groupPath, String memberId, byte[] data) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.groupPath = NodePath.validate(groupPath);
        this.memberId = memberId;
        if (memberId != null) {
            NodePath.validate(NodePath.child(groupPath, memberId));
        }
        this.initialData = data == null ? new byte[0] : data.clone();
    }

    public void addListener(MembershipListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Joins the group (unless only observing) and reads the membership.
     *
     * @throws NodeExistsException when another live session already is a member with this id
     */
    public void start() {
        if (!state.compareAndSet(RecipeState.LATENT, RecipeState.STARTED)) {
            throw new IllegalStateException("Group membership of '" + memberId + "' in '" + groupPath
                    + "' cannot start: it is " + state.get());
        }
        coordinator.ensurePath(groupPath);
        coordinator.addWatch(groupPath, AddWatchMode.PERSISTENT_RECURSIVE, groupWatcher);
        if (memberId != null) {
            coordinator.create(NodePath.child(groupPath, memberId), initialData, CreateMode.EPHEMERAL);
        }
        refresh();
    }

    /** The members known now: id → data, sorted by id. */
    public Map<String, byte[]> members() {
        Map<String, byte[]> copy = new TreeMap<>();
        members.get().forEach((id, data) -> copy.put(id, data.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** Replaces this member's data. */
    public void updateData(byte[] data) {
        if (memberId == null) {
            throw new IllegalStateException("An observer of group '" + groupPath + "' has no member data");
        }
        coordinator.setData(NodePath.child(groupPath, memberId), data, Coordinator.ANY_VERSION);
    }

    private void refreshLogged() {
        if (coordinator.state().isFinal()) {
            return;
        }
        try {
            refresh();
        } catch (CoordinationException e) {
            if (!coordinator.outageLog().failed("Re-reading the members of group '" + groupPath + "'", e)) {
                LOG.warn("Could not re-read the members of group '{}'", groupPath, e);
            }
        }
    }

    private synchronized void refresh() {
        if (state.get() != RecipeState.STARTED) {
            return;
        }
        Map<String, byte[]> current = new TreeMap<>();
        try {
            for (String child : coordinator.getChildren(groupPath)) {
                try {
                    current.put(child, coordinator.getData(NodePath.child(groupPath, child)).data());
                } catch (NoNodeException e) {
                    // Left between the two reads; its deletion event triggers another refresh.
                }
            }
        } catch (NoNodeException e) {
            current.clear();
        }
        Map<String, byte[]> previous = members.getAndSet(Collections.unmodifiableMap(current));
        if (!sameMembers(previous, current)) {
            LOG.debug("Group '{}' now has members {}", groupPath, current.keySet());
            for (MembershipListener listener : listeners) {
                listener.membershipChanged(members());
            }
        }
    }

    private static boolean sameMembers(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> entry : a.entrySet()) {
            if (!Arrays.equals(entry.getValue(), b.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Leaves the group (deletes this member's node) and stops watching. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(RecipeState.CLOSED) != RecipeState.STARTED) {
            return;
        }
        coordinator.removeWatches(groupPath, groupWatcher);
        SessionState sessionState = coordinator.state();
        if (memberId != null && !sessionState.isFinal()) {
            try {
                coordinator.delete(NodePath.child(groupPath, memberId), Coordinator.ANY_VERSION);
            } catch (NoNodeException e) {
                LOG.debug("Member node of '{}' in '{}' was already gone", memberId, groupPath);
            }
        }
    }

    @Override
    public String toString() {
        return "GroupMembership[" + groupPath + ", " + (memberId == null ? "observer" : memberId) + ", "
                + state.get() + "]";
    }
}
