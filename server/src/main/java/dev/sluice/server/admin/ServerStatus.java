package dev.sluice.server.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the admin endpoint reports about the server it runs in. Implementations are thread-safe. */
public interface ServerStatus {

    String serverId();

    /** Whether this server is the elected leader (and runs maintenance). */
    boolean leader();

    /** The id of the leader among the servers of the database, if there is one now. */
    Optional<String> leaderId();

    /** The ids of the live servers of the database. */
    List<String> members();

    Instant startedAt();
}
