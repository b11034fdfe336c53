package dev.sluice.schema;

/**
 * A migration of Sluice's schema did not complete: the database was unreachable, refused the role, or a migration
 * failed. The cause is Flyway's exception, whose chain holds the driver's {@link java.sql.SQLException} where there
 * is one. Its message may contain the JDBC URL as the driver saw it; callers that print it redact it first.
 */
public class SchemaMigrationException extends RuntimeException {

    public SchemaMigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
