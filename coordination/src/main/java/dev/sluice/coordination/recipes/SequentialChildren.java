package dev.sluice.coordination.recipes;

import dev.sluice.coordination.internal.NodePath;
import java.util.Comparator;
import java.util.List;

/**
 * Orders the sequential children of a recipe's node (named {@code <prefix><10+ digits>}) by their sequence
 * number, i.e. by the order in which they were created. Stateless and thread-safe.
 */
final class SequentialChildren {

    private SequentialChildren() {
    }

    /** The children named {@code prefix} + sequence, in creation order; other children are ignored. */
    static List<String> inOrder(List<String> children, String prefix) {
        return children.stream()
                .filter(name -> name.startsWith(prefix) && NodePath.sequenceOf(name) >= 0)
                .sorted(Comparator.comparingLong(NodePath::sequenceOf))
                .toList();
    }
}
