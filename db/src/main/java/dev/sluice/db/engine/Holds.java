package dev.sluice.db.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records an engine holds (claimed and not yet acknowledged, released or returned), with the lease each was
 * claimed for. Leases are renewed for exactly these, by primary key, so a record nobody here tracks any more (its
 * release failed, its context vanished) runs out and is redelivered elsewhere instead of being renewed for as long
 * as the JVM lives. Thread-safe.
 */
final class Holds {

    private final Map<Held, Long> leases = new ConcurrentHashMap<>();

    void add(Held record, long leaseMs) {
        leases.put(record, leaseMs);
    }

    void remove(Held record) {
        leases.remove(record);
    }

    void removeAll(List<Held> records) {
        records.forEach(leases::remove);
    }

    /** The shortest lease among the records held (0 when none is held). */
    long shortestLeaseMs() {
        long shortest = 0;
        for (long lease : leases.values()) {
            shortest = shortest == 0 ? lease : Math.min(shortest, lease);
        }
        return shortest;
    }

    /** A snapshot, grouped by lease length. */
    Map<Long, List<Held>> byLease() {
        Map<Long, List<Held>> groups = new java.util.HashMap<>();
        leases.forEach((record, lease) -> groups.computeIfAbsent(lease, l -> new ArrayList<>()).add(record));
        return groups;
    }

    int size() {
        return leases.size();
    }
}
