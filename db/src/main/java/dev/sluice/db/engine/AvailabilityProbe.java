package dev.sluice.db.engine;

import dev.sluice.db.internal.SqlErrors;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The engine's safety net, in one statement a second for all its subscriptions: which of them have something a
 * claim could take that no wake-up announced — records beyond a cursor, records available again (a delivery delay
 * or a redelivery delay ran out, a selector left them), or records whose holder's lease ran out (it died). Only
 * those subscriptions' feeds claim; idle ones cost nothing. Before, every idle feed claimed once a second: a
 * thousand idle listeners made 675 empty claims a second, and the busy consumers' p99 tripled.
 */
final class AvailabilityProbe {

    private static final String PROBE = """
            select s.subscription_id
              from unnest(?::int8[], ?::int4[]) as s(subscription_id, destination_id)
             where exists (select 1 from sluice.subscription_cursor c
                             join sluice.log_partition p
                               on p.destination_id = c.destination_id and p.partition = c.partition
                            where c.destination_id = s.destination_id and c.subscription_id = s.subscription_id
                              and c.fetch_offset < p.next_offset)
                or exists (select 1 from sluice.delivery d
                            where d.destination_id = s.destination_id and d.subscription_id = s.subscription_id
                              and d.consumer_id is null and coalesce(d.lease_until, 0) <= sluice.now_ms())
                or exists (select 1 from sluice.delivery d
                            where d.consumer_id is not null and d.lease_until <= sluice.now_ms()
                              and d.destination_id = s.destination_id and d.subscription_id = s.subscription_id)""";

    private final Jdbi relaxed;

    AvailabilityProbe(Jdbi relaxed) {
        this.relaxed = relaxed;
    }

    /** Of {@code subscriptions} (id and destination id), those with something to claim now. */
    Set<Long> withSomethingToClaim(List<long[]> subscriptions) {
        if (subscriptions.isEmpty()) {
            return Set.of();
        }
        Long[] ids = new Long[subscriptions.size()];
        Integer[] destinations = new Integer[subscriptions.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = subscriptions.get(i)[0];
            destinations[i] = (int) subscriptions.get(i)[1];
        }
        try {
            return relaxed.withHandle(handle -> {
                Connection connection = handle.getConnection();
                try (PreparedStatement statement = connection.prepareStatement(PROBE)) {
                    Array idArray = connection.createArrayOf("int8", ids);
                    Array destinationArray = connection.createArrayOf("int4", destinations);
                    statement.setArray(1, idArray);
                    statement.setArray(2, destinationArray);
                    Set<Long> found = new HashSet<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            found.add(rows.getLong(1));
                        }
                    }
                    return found;
                } catch (SQLException e) {
                    throw SqlErrors.translate("Looking which of " + ids.length + " subscriptions have records", e);
                }
            });
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Looking which of " + ids.length + " subscriptions have records", e);
        }
    }
}
