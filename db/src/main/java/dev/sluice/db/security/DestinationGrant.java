package dev.sluice.db.security;

import dev.sluice.db.log.DestinationKind;
import java.time.OffsetDateTime;

/**
 * One row of {@code sluice.destination_grant}: {@code role} may do {@code permission} on the destinations of
 * {@code kind} that {@code pattern} covers. Immutable.
 *
 * @param pattern a destination name, or a prefix and {@code *} (see {@link DestinationPattern})
 */
public record DestinationGrant(String role, DestinationKind kind, String pattern, Permission permission,
                               String grantedBy, OffsetDateTime grantedAt) {
}
