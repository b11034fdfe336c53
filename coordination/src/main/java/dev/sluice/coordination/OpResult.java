package dev.sluice.coordination;

/**
 * The outcome of one {@link Op} of a successful multi, at the same index. Immutable.
 */
public sealed interface OpResult permits OpResult.Created, OpResult.Deleted, OpResult.DataSet, OpResult.Checked {

    /** A node was created; {@code path} is its actual path (with the sequence suffix when sequential). */
    record Created(String path, Stat stat) implements OpResult {
    }

    record Deleted(String path) implements OpResult {
    }

    record DataSet(String path, Stat stat) implements OpResult {
    }

    record Checked(String path) implements OpResult {
    }
}
