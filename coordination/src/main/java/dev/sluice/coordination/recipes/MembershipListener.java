package dev.sluice.coordination.recipes;

import java.util.Map;

/**
 * Told the whole membership of a {@link GroupMembership} whenever it changes (a member joined, left or changed its
 * data). Called on the coordinator's event thread; must return quickly.
 */
@FunctionalInterface
public interface MembershipListener {

    /** @param members member id → data, sorted by id; the data arrays are copies */
    void membershipChanged(Map<String, byte[]> members);
}
