package dev.sluice.coordination;

import java.util.Objects;

/**
 * One operation of a {@link Coordinator#multi multi}: all the operations of a multi are applied in one database
 * transaction, in order, all or none. Immutable.
 */
public sealed interface Op permits Op.Create, Op.Delete, Op.SetData, Op.Check {

    /** The path the operation concerns. */
    String path();

    static Create create(String path, byte[] data, CreateMode mode) {
        return new Create(path, data, mode);
    }

    static Delete delete(String path, int expectedVersion) {
        return new Delete(path, expectedVersion);
    }

    static SetData setData(String path, byte[] data, int expectedVersion) {
        return new SetData(path, data, expectedVersion);
    }

    /** Fails the multi unless the node exists at {@code expectedVersion} (-1: at any version). */
    static Check check(String path, int expectedVersion) {
        return new Check(path, expectedVersion);
    }

    /** Creates a node; the result is a {@link OpResult.Created}. */
    record Create(String path, byte[] data, CreateMode mode) implements Op {
        public Create {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(mode, "mode");
            data = data == null ? new byte[0] : data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** Deletes a node if it has {@code expectedVersion} (-1: any) and no children. */
    record Delete(String path, int expectedVersion) implements Op {
        public Delete {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Replaces a node's data if it has {@code expectedVersion} (-1: any); the result is a {@link OpResult.DataSet}. */
    record SetData(String path, byte[] data, int expectedVersion) implements Op {
        public SetData {
            Objects.requireNonNull(path, "path");
            data = data == null ? new byte[0] : data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** Asserts a node's version without changing it. */
    record Check(String path, int expectedVersion) implements Op {
        public Check {
            Objects.requireNonNull(path, "path");
        }
    }
}
