package dev.sluice.db.security;

import dev.sluice.db.AccessDeniedException;
import dev.sluice.db.internal.SqlErrors;
import dev.sluice.db.log.DestinationKind;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Grants and revokes per-destination permissions ({@code sluice.destination_grant}) and sets the default for
 * destinations no grant covers ({@code sluice.security_setting}). Writing them takes the schema's owner or a
 * member of {@code sluice_admin} (table privileges, V13); anyone else gets an {@link AccessDeniedException}
 * saying so. Thread-safe.
 */
public final class GrantStore {

    private final Jdbi jdbi;

    public GrantStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Grants each of {@code permissions} on the destinations of {@code kind} that {@code pattern} covers to
     * {@code role}; returns how many of them it did not have yet.
     *
     * @throws IllegalArgumentException when the pattern is invalid or no such role exists
     */
    public int grant(Set<Permission> permissions, DestinationKind kind, String pattern, String role) {
        DestinationPattern.validate(pattern);
        return run("Granting " + permissions + " on " + kind.sqlName() + " " + pattern + " to " + role, handle -> {
            requireRole(handle, role);
            int added = 0;
            for (Permission permission : permissions) {
                // granting again refreshes the grant, and so its destinations' access (V14): for a role that was
                // dropped and created again, whose new oid the access did not know
                boolean inserted = handle.createQuery("insert into sluice.destination_grant (role, kind, pattern,"
                                + " permission) values (:role, :kind, :pattern, :permission)"
                                + " on conflict (kind, pattern, permission, role) do update set granted_at = now(),"
                                + " granted_by = current_user returning xmax = 0")
                        .bind("role", role).bind("kind", kind.sqlName()).bind("pattern", pattern)
                        .bind("permission", permission.sqlName())
                        .mapTo(Boolean.class)
                        .one();
                added += inserted ? 1 : 0;
            }
            return added;
        });
    }

    /** Revokes what {@link #grant} granted (the same pattern, not the names it covers); returns how many rows went. */
    public int revoke(Set<Permission> permissions, DestinationKind kind, String pattern, String role) {
        return run("Revoking " + permissions + " on " + kind.sqlName() + " " + pattern + " from " + role,
                handle -> handle.createUpdate("delete from sluice.destination_grant where role = :role and kind = :kind"
                                + " and pattern = :pattern and permission = any(:permissions)")
                        .bind("role", role).bind("kind", kind.sqlName()).bind("pattern", pattern)
                        .bind("permissions", permissions.stream().map(Permission::sqlName).toArray(String[]::new))
                        .execute());
    }

    /** Every grant, by kind, pattern, role and permission. */
    public List<DestinationGrant> list() {
        return run("Reading the grants", handle -> handle.createQuery("select role::text, kind, pattern, permission,"
                        + " granted_by::text, granted_at from sluice.destination_grant"
                        + " order by kind, pattern, role, array_position(array['send', 'consume', 'browse', 'create',"
                        + " 'delete', 'manage'], permission)")
                .map((rs, ctx) -> new DestinationGrant(rs.getString(1), DestinationKind.fromSql(rs.getString(2)),
                        rs.getString(3), Permission.fromSql(rs.getString(4)), rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class)))
                .list());
    }

    public DefaultAccess defaultAccess() {
        return run("Reading the default access", handle -> handle.createQuery("select default_access"
                        + " from sluice.security_setting")
                .map((rs, ctx) -> DefaultAccess.fromSql(rs.getString(1)))
                .one());
    }

    /**
     * Whether per-destination security is on: the default is closed, or some grant exists (so that some
     * destinations are not open to every role).
     */
    public boolean securityOn() {
        return run("Reading whether security is on", handle -> handle.createQuery("select default_access = 'closed'"
                        + " or exists (select 1 from sluice.destination_grant) from sluice.security_setting")
                .mapTo(Boolean.class)
                .one());
    }

    /** Sets what roles may do on destinations no grant covers, for every operation from now on. */
    public void setDefaultAccess(DefaultAccess access) {
        int updated = run("Setting the default access to " + access.sqlName(), handle -> handle.createUpdate(
                        "update sluice.security_setting set default_access = :access")
                .bind("access", access.sqlName())
                .execute());
        if (updated != 1) {
            throw new IllegalStateException("Expected one row of sluice.security_setting, updated " + updated);
        }
    }

    private static void requireRole(Handle handle, String role) {
        boolean exists = handle.createQuery("select exists (select 1 from pg_roles where rolname = :role)")
                .bind("role", role).mapTo(Boolean.class).one();
        if (!exists) {
            throw new IllegalArgumentException("There is no PostgreSQL role named '" + role + "': create it first"
                    + " (CREATE ROLE " + role + " LOGIN PASSWORD '...'; GRANT sluice_client TO " + role + ";)");
        }
    }

    private <T> T run(String what, org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.inTransaction(work);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            RuntimeException translated = SqlErrors.translate(what, e);
            if (translated instanceof AccessDeniedException) {
                throw new AccessDeniedException(what + " was refused: only the schema's owner and members of"
                        + " sluice_admin may read or change grants (GRANT sluice_admin TO <role>)", e);
            }
            throw translated;
        }
    }
}
