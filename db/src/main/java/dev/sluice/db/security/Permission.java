package dev.sluice.db.security;

import java.util.Locale;

/**
 * What a role may do on a destination, as granted in {@code sluice.destination_grant} (see V13). Each is
 * independent of the others: consuming does not imply browsing.
 */
public enum Permission {
    /** Append messages. */
    SEND("send to"),
    /** Receive and acknowledge; create durable and shared subscriptions and unsubscribe them. */
    CONSUME("consume from"),
    /** Look at messages without taking them: queue browsers and the view {@code sluice.messages}. */
    BROWSE("browse"),
    /** Create the destination, also by using it for the first time (auto-creation). */
    CREATE("create"),
    /** Delete the destination with its messages. */
    DELETE("delete"),
    /** Change the destination's settings (retention, redelivery, dead letters, expiry). */
    MANAGE("manage");

    private final String verb;

    Permission(String verb) {
        this.verb = verb;
    }

    /** The value stored in {@code sluice.destination_grant.permission}. */
    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How an error text says it: "may not send to queue 'orders'". */
    String verb() {
        return verb;
    }

    /** @throws IllegalArgumentException naming the permissions there are */
    public static Permission fromSql(String value) {
        for (Permission permission : values()) {
            if (permission.sqlName().equals(value)) {
                return permission;
            }
        }
        throw new IllegalArgumentException("Unknown permission '" + value + "'; the permissions are send, consume,"
                + " browse, create, delete and manage");
    }
}
