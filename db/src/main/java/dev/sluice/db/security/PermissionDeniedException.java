package dev.sluice.db.security;

import dev.sluice.db.AccessDeniedException;
import dev.sluice.db.log.DestinationKind;

/**
 * A role may not do an operation on a destination: the message names the role, the destination and the missing
 * permission, and the grant that would allow it.
 */
public class PermissionDeniedException extends AccessDeniedException {

    private final String role;
    private final DestinationKind kind;
    private final String destination;
    private final Permission permission;

    public PermissionDeniedException(String role, DestinationKind kind, String destination, Permission permission) {
        super("Role " + role + " may not " + permission.verb() + " " + kind.sqlName() + " '" + destination
                + "': it has no " + permission.sqlName() + " permission there (an administrator can run: sluice grant "
                + permission.sqlName() + " on " + kind.sqlName() + " " + destination + " to " + role + ")");
        this.role = role;
        this.kind = kind;
        this.destination = destination;
        this.permission = permission;
    }

    public String role() {
        return role;
    }

    public DestinationKind kind() {
        return kind;
    }

    public String destination() {
        return destination;
    }

    public Permission permission() {
        return permission;
    }
}
