package dev.sluice.db.security;

import dev.sluice.db.internal.SqlErrors;
import dev.sluice.db.log.DestinationKind;
import java.util.EnumSet;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Asks the database what the login may do on a destination ({@code sluice.permissions}, V13), one query per
 * question, so that a JMS operation or a command is refused up front with a message naming the role, the
 * destination and the missing permission. The database enforces the same rules on every statement anyway (row-level
 * security); this only says why. Nothing is cached: a revoke applies to the next question. Thread-safe.
 */
public final class DestinationAccess {

    private final Jdbi jdbi;

    public DestinationAccess(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What the login may do on one destination (existing or not), and whether it exists as far as it can see. */
    public record Rights(String role, Set<Permission> granted, boolean exists) {
    }

    /**
     * Whether the login may do everything (the schema's owner, a superuser, a role with BYPASSRLS, a member of
     * {@code sluice_admin}), so that checks can be skipped.
     */
    public boolean seesEverything() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("select sluice.sees_everything()")
                    .mapTo(Boolean.class).one());
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Asking whether the login sees every destination", e);
        }
    }

    public Rights rightsOn(DestinationKind kind, String name) {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("select current_user::text,"
                            + " sluice.permissions(:kind, :name)::text[],"
                            + " exists (select 1 from sluice.destination where kind = :kind and name = :name)")
                    .bind("kind", kind.sqlName())
                    .bind("name", name)
                    .map((rs, ctx) -> {
                        Set<Permission> granted = EnumSet.noneOf(Permission.class);
                        for (String permission : (String[]) rs.getArray(2).getArray()) {
                            granted.add(Permission.fromSql(permission));
                        }
                        return new Rights(rs.getString(1), granted, rs.getBoolean(3));
                    })
                    .one());
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Asking what the login may do on " + kind.sqlName() + " '" + name + "'", e);
        }
    }

    /**
     * Refuses unless the login may do {@code permission} on the destination and, when {@code createIfAbsent} and it
     * does not exist yet, create it.
     *
     * @throws PermissionDeniedException naming the role, the destination and the missing permission
     */
    public void require(DestinationKind kind, String name, Permission permission, boolean createIfAbsent) {
        Rights rights = rightsOn(kind, name);
        if (!rights.granted().contains(permission)) {
            throw new PermissionDeniedException(rights.role(), kind, name, permission);
        }
        if (createIfAbsent && !rights.exists() && !rights.granted().contains(Permission.CREATE)) {
            throw new PermissionDeniedException(rights.role(), kind, name, Permission.CREATE);
        }
    }
}
