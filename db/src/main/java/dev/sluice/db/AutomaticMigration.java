package dev.sluice.db;

/**
 * Service interface ({@link java.util.ServiceLoader}) through which a client migrates Sluice's schema when it finds
 * it missing or older than it needs: provided only by {@code sluice-provider}, the all-in-one artifact for
 * development, tests and tools such as the Jakarta Messaging TCK. {@code sluice-client}, what applications add,
 * has none, so a client there never migrates and says which command does. Implementations are thread-safe.
 */
public interface AutomaticMigration {

    /**
     * Brings the schema at {@code jdbcUrl} to the newest version, as {@code user}.
     *
     * @throws DatabaseUnavailableException when PostgreSQL cannot be reached or refuses the login
     * @throws AccessDeniedException        when the role may not create or migrate the schema
     * @throws SluiceDatabaseException      when a migration fails
     */
    void migrate(String jdbcUrl, String user, String password);
}
