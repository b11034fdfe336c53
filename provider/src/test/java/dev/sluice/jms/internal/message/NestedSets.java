package dev.sluice.jms.internal.message;

import java.util.HashSet;
import java.util.Set;

/**
 * The classic deserialisation bomb of allowed classes only ("SerialDOS"): {@code depth} levels of HashSets, each
 * holding two sets of the next level, so a few kilobytes make a reader compute 2<sup>depth</sup> hash codes.
 * Building and serialising it stays cheap: sets are added while still small, and shared ones are written once.
 */
public final class NestedSets {

    private NestedSets() {
    }

    public static HashSet<Object> ofDepth(int depth) {
        HashSet<Object> root = new HashSet<>();
        Set<Object> left = root;
        Set<Object> right = new HashSet<>();
        for (int level = 0; level < depth; level++) {
            Set<Object> nextLeft = new HashSet<>();
            Set<Object> nextRight = new HashSet<>();
            nextLeft.add("level " + level); // so that the two sets of a level differ
            left.add(nextLeft);
            left.add(nextRight);
            right.add(nextLeft);
            right.add(nextRight);
            left = nextLeft;
            right = nextRight;
        }
        return root;
    }
}
