package dev.sluice.coordination;

/**
 * Kinds of persistent watch ({@link Coordinator#addWatch}); unlike the one-shot watches of get/exists/children
 * they stay until removed. Immutable.
 */
public enum AddWatchMode {
    /** Creation, deletion and data changes of the node, and changes of its set of children. */
    PERSISTENT,
    /** Creation, deletion and data changes of the node and of every node below it (no children events). */
    PERSISTENT_RECURSIVE
}
