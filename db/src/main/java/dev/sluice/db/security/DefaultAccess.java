package dev.sluice.db.security;

import java.util.Locale;

/**
 * What roles may do on a destination that no grant covers ({@code sluice.security_setting.default_access}): anything
 * (open, the default, so that an installation without grants works as before) or nothing (closed).
 */
public enum DefaultAccess {
    OPEN,
    CLOSED;

    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DefaultAccess fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
