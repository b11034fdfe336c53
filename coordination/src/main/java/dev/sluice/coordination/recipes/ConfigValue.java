package dev.sluice.coordination.recipes;

import dev.sluice.coordination.AddWatchMode;
import dev.sluice.coordination.BadVersionException;
import dev.sluice.coordination.CoordinationException;
import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.CreateMode;
import dev.sluice.coordination.EventType;
import dev.sluice.coordination.NoNodeException;
import dev.sluice.coordination.Node;
import dev.sluice.coordination.NodeExistsException;
import dev.sluice.coordination.SessionState;
import dev.sluice.coordination.Watcher;
import dev.sluice.coordination.internal.NodePath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration value kept in one persistent node and watched: {@link #get()} answers from a local copy that
 * a persistent watch keeps current, and {@link ConfigValueListener}s hear of changes, whoever made them. Each
 * event re-reads the node, so changes in quick succession may be heard as the latest value only (as with any
 * ZooKeeper watch); a listener never hears a value older than one it already heard.
 * {@link #set} writes unconditionally; {@link #compareAndSet} only over the version last read.
 *
 * <p>Lifecycle LATENT → STARTED → CLOSED. Thread-safe: the local copy is an immutable snapshot in an atomic
 * reference, refreshed on the coordinator's event thread.
 */
public final class ConfigValue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigValue.class);

    /** The value as last read, with the node's version (-1 when absent). */
    private record Snapshot(byte[] value, int version) {
    }

    private final Coordinator coordinator;
    private final String path;
    private final AtomicReference<RecipeState> state = new AtomicReference<>(RecipeState.LATENT);
    private final AtomicReference<Snapshot> current = new AtomicReference<>(new Snapshot(null, -1));
    private final List<ConfigValueListener> listeners = new CopyOnWriteArrayList<>();
    private final Watcher watcher = event -> {
        if (event.type() != EventType.NONE || event.state() == SessionState.CONNECTED) {
            refreshLogged();
        }
    };

    public ConfigValue(Coordinator coordinator, String path) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.path = NodePath.validate(path);
    }

    public void addListener(ConfigValueListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Starts watching and reads the value. */
    public void start() {
        if (!state.compareAndSet(RecipeState.LATENT, RecipeState.STARTED)) {
            throw new IllegalStateException("Config value '" + path + "' cannot start: it is " + state.get());
        }
        coordinator.addWatch(path, AddWatchMode.PERSISTENT, watcher);
        refresh();
    }

    /** The value as last seen (a copy), or empty when the node does not exist. */
    public Optional<byte[]> get() {
        byte[] value = current.get().value();
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    /** The value decoded as UTF-8. */
    public Optional<String> getString() {
        return get().map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** The version of the value last seen (-1 when absent), for {@link #compareAndSet}. */
    public int version() {
        return current.get().version();
    }

    /** Writes {@code value}, creating the node (and its parents) when missing. */
    public void set(byte[] value) {
        while (true) {
            try {
                coordinator.setData(path, value, Coordinator.ANY_VERSION);
                return;
            } catch (NoNodeException e) {
                coordinator.ensurePath(NodePath.parent(path));
                try {
                    coordinator.create(path, value, CreateMode.PERSISTENT);
                    return;
                } catch (NodeExistsException raced) {
                    LOG.debug("Config value '{}' was created concurrently; setting it", path);
                }
            }
        }
    }

    public void set(String value) {
        set(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code value} only if the node is still at {@code expectedVersion} (-1: only if it does not exist);
     * returns whether it was written.
     */
    public boolean compareAndSet(int expectedVersion, byte[] value) {
        try {
            if (expectedVersion == -1) {
                coordinator.ensurePath(NodePath.parent(path));
                coordinator.create(path, value, CreateMode.PERSISTENT);
            } else {
                coordinator.setData(path, value, expectedVersion);
            }
            return true;
        } catch (BadVersionException | NodeExistsException | NoNodeException e) {
            return false;
        }
    }

    private void refreshLogged() {
        if (coordinator.state().isFinal()) {
            return;
        }
        try {
            refresh();
        } catch (CoordinationException e) {
            if (!coordinator.outageLog().failed("Re-reading config value '" + path + "'", e)) {
                LOG.warn("Could not re-read config value '{}'", path, e);
            }
        }
    }

    private synchronized void refresh() {
        if (state.get() != RecipeState.STARTED) {
            return;
        }
        Snapshot read;
        try {
            Node node = coordinator.getData(path);
            read = new Snapshot(node.data(), node.version());
        } catch (NoNodeException e) {
            read = new Snapshot(null, -1);
        }
        Snapshot previous = current.getAndSet(read);
        if (!Arrays.equals(previous.value(), read.value())) {
            Optional<byte[]> newValue = get();
            for (ConfigValueListener listener : listeners) {
                listener.valueChanged(newValue.map(byte[]::clone));
            }
        }
    }

    /** Stops watching. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(RecipeState.CLOSED) == RecipeState.STARTED) {
            coordinator.removeWatches(path, watcher);
        }
    }

    @Override
    public String toString() {
        return "ConfigValue[" + path + ", version " + current.get().version() + "]";
    }
}
