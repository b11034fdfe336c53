package dev.sluice.coordination;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A node as read: its path, data and {@link Stat}. Immutable (the data array is copied in and out).
 */
public final class Node {

    private final String path;
    private final byte[] data;
    private final Stat stat;

    public Node(String path, byte[] data, Stat stat) {
        this.path = Objects.requireNonNull(path, "path");
        this.data = data == null ? new byte[0] : data.clone();
        this.stat = Objects.requireNonNull(stat, "stat");
    }

    public String path() {
        return path;
    }

    /** A copy of the node's data (empty, never null, when it has none). */
    public byte[] data() {
        return data.clone();
    }

    /** The data decoded as UTF-8. */
    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    public Stat stat() {
        return stat;
    }

    /** Shorthand for {@code stat().version()}, the version to pass to a compare-and-set. */
    public int version() {
        return stat.version();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Node node && path.equals(node.path) && Arrays.equals(data, node.data)
                && stat.equals(node.stat);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, Arrays.hashCode(data), stat);
    }

    @Override
    public String toString() {
        return "Node[" + path + ", " + data.length + " bytes, version " + stat.version() + "]";
    }
}
