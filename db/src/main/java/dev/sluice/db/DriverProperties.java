package dev.sluice.db;

import org.postgresql.PGProperty;

/** What the PostgreSQL JDBC driver accepts as connection properties, for configuration that passes them on. */
public final class DriverProperties {

    private DriverProperties() {
    }

    /** True when {@code name} is a property of the PostgreSQL JDBC driver (a URL parameter it understands). */
    public static boolean isKnown(String name) {
        return PGProperty.forName(name) != null;
    }
}
