package dev.sluice.db;

import dev.sluice.db.internal.SchemaRefusal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The schema version this build of Sluice needs, and the check a client makes before it uses a database. A client
 * never migrates: {@code sluice server} does at start, {@code sluice migrate} on demand, and the embedded
 * PostgreSQL at its own start. The check reads Flyway's history table {@code sluice.flyway_schema_history} (which
 * the client group role may read) once per database and login in this JVM; a schema newer than {@link #REQUIRED}
 * is accepted (a server upgraded before its clients). Thread-safe.
 */
public final class SchemaVersion {

    /**
     * The newest migration of this build ({@code V16__...sql} in {@code sluice-schema}). {@code SchemaVersionTest}
     * compares it with the version a freshly migrated database has, so adding a migration without raising it fails.
     */
    public static final int REQUIRED = 17;

    /** What to tell an operator to run; {@code sluice server} migrates too, at its start. */
    static final String MIGRATE_COMMAND = "sluice migrate";

    private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    private SchemaVersion() {
    }

    /**
     * Checks, unless done before in this JVM for this URL and user, that the database's Sluice schema exists and is
     * at least at {@link #REQUIRED}.
     *
     * @throws SchemaNotMigratedException   when the schema is missing, older or left half-migrated
     * @throws AccessDeniedException        when the login may not use the schema, saying which grant it lacks
     * @throws DatabaseUnavailableException when the database cannot be reached
     */
    static void require(DataSource dataSource, String jdbcUrl, String user, String password) {
        String key = user + "@" + jdbcUrl;
        if (CHECKED.contains(key)) {
            return;
        }
        try {
            check(dataSource, jdbcUrl, user);
        } catch (SchemaNotMigratedException notMigrated) {
            AutomaticMigration migration = automaticMigration().orElseThrow(() -> notMigrated);
            synchronized (SchemaVersion.class) {
                migration.migrate(jdbcUrl, user, password);
            }
            check(dataSource, jdbcUrl, user);
        }
        CHECKED.add(key);
    }

    /** The migration {@code sluice-provider} brings, if it is on the class path. */
    private static java.util.Optional<AutomaticMigration> automaticMigration() {
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                SchemaVersion.class.getClassLoader()}) {
            java.util.Iterator<AutomaticMigration> found = java.util.ServiceLoader.load(AutomaticMigration.class,
                    loader).iterator();
            if (found.hasNext()) {
                return java.util.Optional.of(found.next());
            }
        }
        return java.util.Optional.empty();
    }

    private static void check(DataSource dataSource, String jdbcUrl, String user) {
        try (Connection connection = dataSource.getConnection()) {
            check(connection, jdbcUrl);
        } catch (SQLException e) {
            if (AccessDeniedException.SQL_STATE.equals(e.getSQLState())) {
                throw new AccessDeniedException("Role " + user + " may not read the version of Sluice's schema '"
                        + Database.SCHEMA + "' (table " + Database.SCHEMA + ".flyway_schema_history): GRANT"
                        + " sluice_client TO " + user + " (at " + JdbcUrls.redact(jdbcUrl) + "; PostgreSQL said: "
                        + e.getMessage() + ")", e);
            }
            throw DatabaseUnavailableException.during("Checking the version of Sluice's schema at "
                    + JdbcUrls.redact(jdbcUrl), e);
        }
    }

    private static void check(Connection connection, String jdbcUrl) throws SQLException {
        String role;
        String owner;
        boolean usage;
        boolean history;
        try (PreparedStatement query = connection.prepareStatement("select current_user::text,"
                + " pg_get_userbyid(n.nspowner)::text, has_schema_privilege(n.oid, 'USAGE'),"
                + " exists (select 1 from pg_class c where c.relnamespace = n.oid"
                + "   and c.relname = 'flyway_schema_history')"
                + " from (select 1) one left join pg_namespace n on n.nspname = ?")) {
            query.setString(1, Database.SCHEMA);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                role = rs.getString(1);
                owner = rs.getString(2);
                usage = rs.getBoolean(3);
                history = rs.getBoolean(4);
            }
        }
        String where = JdbcUrls.redact(jdbcUrl);
        if (owner != null && !usage) {
            throw new AccessDeniedException("Role " + role + " may not use Sluice's schema '" + Database.SCHEMA
                    + "': GRANT sluice_client TO " + role + " (at " + where + ")");
        }
        if (owner == null || !history) {
            throw new SchemaNotMigratedException("The database at " + where + " has no Sluice schema"
                    + (owner == null ? " ('" + Database.SCHEMA + "' does not exist)"
                    : " (schema '" + Database.SCHEMA + "' has no flyway_schema_history table)")
                    + "; a client does not create it. Run '" + MIGRATE_COMMAND + " --url " + where + "' once as the"
                    + " role that is to own it (or start 'sluice server --jdbc-url ...', which migrates at start),"
                    + " then connect again", jdbcUrl, null, REQUIRED);
        }
        int installed = 0;
        String failed = null;
        try (PreparedStatement query = connection.prepareStatement("select version, success from "
                + Database.SCHEMA + ".flyway_schema_history where version is not null");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    failed = rs.getString(1);
                } else {
                    installed = Math.max(installed, parseVersion(rs.getString(1)));
                }
            }
        }
        if (failed != null) {
            throw new SchemaNotMigratedException("Sluice's schema at " + where + " is half-migrated: migration V"
                    + failed + " failed. Run '" + MIGRATE_COMMAND + " --url " + where + "' as the schema's owner "
                    + owner + " to see why", jdbcUrl, installed, REQUIRED);
        }
        if (installed < REQUIRED) {
            throw new SchemaNotMigratedException("Sluice's schema at " + where + " is at version " + installed
                    + "; this client needs version " + REQUIRED + ". Run '" + MIGRATE_COMMAND + " --url " + where
                    + "' as the schema's owner " + owner + " (or restart 'sluice server' of this version, which"
                    + " migrates at start), then connect again", jdbcUrl, installed, REQUIRED);
        }
    }

    /** Sluice's migrations are numbered V1, V2, ...; a version that is not a number is someone else's table. */
    private static int parseVersion(String version) {
        try {
            return Integer.parseInt(version.trim());
        } catch (NumberFormatException e) {
            throw new SluiceDatabaseException("Table " + Database.SCHEMA + ".flyway_schema_history holds version '"
                    + version + "', which no Sluice migration has: is the schema '" + Database.SCHEMA
                    + "' Sluice's?", e);
        }
    }

    /**
     * Translates a failed migration (an exception of {@code sluice-schema}, whose cause chain holds the driver's
     * error) into this module's exceptions: unreachable or refused login, a role that may not create or migrate
     * the schema (saying which grant or role it needs), or the migration's own failure.
     */
    public static SluiceDatabaseException explainMigrationFailure(String jdbcUrl, String user, String password,
                                                                  RuntimeException failure) {
        SQLException sqlCause = null;
        for (Throwable cause = failure; cause != null && sqlCause == null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                sqlCause = sql;
            }
        }
        String state = sqlCause == null ? null : sqlCause.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("28"))) {
            return new DatabaseUnavailableException(jdbcUrl, sqlCause);
        }
        if (AccessDeniedException.SQL_STATE.equals(state)) {
            return SchemaRefusal.explain(jdbcUrl, user, password, sqlCause);
        }
        return new SluiceDatabaseException("Migrating the schema '" + Database.SCHEMA + "' at "
                + JdbcUrls.redact(jdbcUrl) + " failed: " + JdbcUrls.redact(failure.getMessage()), failure);
    }
}
