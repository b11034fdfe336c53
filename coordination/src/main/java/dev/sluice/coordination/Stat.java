package dev.sluice.coordination;

import java.time.Instant;

/**
 * The metadata of a node at the moment it was read, as ZooKeeper's {@code Stat}. Immutable.
 *
 * @param version        data version: 0 at creation, incremented by every {@code setData}
 * @param childVersion   incremented by every creation or deletion of a child
 * @param createdAt      when the node was created (database clock)
 * @param modifiedAt     when its data last changed (database clock)
 * @param dataLength     length of its data in bytes
 * @param ephemeralOwner the session that owns the node if it is ephemeral, else 0
 * @param numChildren    how many children it has
 */
public record Stat(int version, int childVersion, Instant createdAt, Instant modifiedAt, int dataLength,
                   long ephemeralOwner, int numChildren) {

    public boolean isEphemeral() {
        return ephemeralOwner != 0;
    }
}
