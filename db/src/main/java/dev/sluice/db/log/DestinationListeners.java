package dev.sluice.db.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The registry of who listens for a destination's notifications ({@code sluice.destination_listener}). A listener
 * registers after its LISTEN and before it first reads, then {@link #CHANNEL announces} itself, so that an appender
 * that cached "nobody else listens" learns otherwise within a notification's delay; registrations are refreshed
 * every {@link #REFRESH_MS} and count as gone {@link #STALE_MS} after their last refresh. Stateless.
 */
public final class DestinationListeners {

    /** The channel on which a new registration is announced; the payload is the destination id and listener. */
    public static final String CHANNEL = "sluice_listeners";
    public static final long REFRESH_MS = 30_000;
    public static final long STALE_MS = 4 * REFRESH_MS;

    private DestinationListeners() {
    }

    /** Registers {@code listener} for {@code destinationId} and announces it, in autocommit on {@code connection}. */
    public static void register(Connection connection, int destinationId, String listener) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("with registered as ("
                + " insert into sluice.destination_listener (destination_id, listener, seen_at)"
                + " values (?, ?, sluice.now_ms())"
                + " on conflict (destination_id, listener) do update set seen_at = excluded.seen_at"
                + " returning destination_id)"
                + " select pg_notify(?, destination_id || ' ' || ?) from registered")) {
            statement.setInt(1, destinationId);
            statement.setString(2, listener);
            statement.setString(3, CHANNEL);
            statement.setString(4, listener);
            statement.execute();
        }
    }

    /** Refreshes every registration of {@code listener} and removes the stale ones of listeners that died. */
    public static void refresh(Connection connection, String listener) throws SQLException {
        try (PreparedStatement refresh = connection.prepareStatement("update sluice.destination_listener"
                + " set seen_at = sluice.now_ms() where listener = ?");
             PreparedStatement expire = connection.prepareStatement("delete from sluice.destination_listener"
                     + " where seen_at < sluice.now_ms() - ?")) {
            refresh.setString(1, listener);
            refresh.executeUpdate();
            expire.setLong(1, STALE_MS);
            expire.executeUpdate();
        }
    }

    /** Removes every registration of {@code listener}. */
    public static void unregister(Connection connection, String listener) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "delete from sluice.destination_listener where listener = ?")) {
            statement.setString(1, listener);
            statement.executeUpdate();
        }
    }

    /** Which of {@code destinationIds} someone other than {@code listener} listens to. */
    public static List<Integer> listenedByOthers(Handle handle, Collection<Integer> destinationIds,
                                                 String listener) {
        return new ArrayList<>(handle.createQuery("select distinct destination_id from sluice.destination_listener"
                        + " where destination_id = any(:destinations) and listener <> :listener"
                        + " and seen_at >= sluice.now_ms() - :stale")
                .bind("destinations", destinationIds.toArray(new Integer[0]))
                .bind("listener", listener)
                .bind("stale", STALE_MS)
                .mapTo(Integer.class)
                .list());
    }
}
