package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;
import org.junit.jupiter.api.Assumptions;

/**
 * Login roles without superuser rights whose passwords the test server really checks, for tests of
 * authentication. The embedded test server trusts every local login (initdb's default), so any password would
 * pass there: for a role made here, a pg_hba.conf rule asking for the password goes before the trusting ones
 * (only that role is affected). A server whose configuration file is not on this machine must check passwords
 * already, or the test is skipped. Stateless; roles are server-wide, so their names end with the JVM's pid.
 */
public final class PasswordRoles {

    private PasswordRoles() {
    }

    /**
     * Creates a login role named {@code prefix}, an underscore and this JVM's pid, with {@code password}, a member of
     * sluice_client and allowed to create schemas in {@code db}; returns how it logs in to {@code db}.
     */
    public static TestDatabase create(TestDatabase db, String prefix, String password) {
        String role = (prefix + "_" + ProcessHandle.current().pid()).toLowerCase();
        TestDatabase login = new TestDatabase(withoutLogin(db.jdbcUrl()), role, password);
        try (Connection admin = db.connect(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE \"" + role + "\" LOGIN NOSUPERUSER PASSWORD '" + password.replace("'", "''")
                    + "'");
            sql.execute("GRANT CREATE ON DATABASE \"" + admin.getCatalog() + "\" TO \"" + role + "\"");
            // The test database is migrated by its owner: the role is a client of it, as an application's is.
            sql.execute("GRANT sluice_client TO \"" + role + "\"");
            if (acceptsWrongPassword(login)) {
                askForPassword(sql, role);
                Await.until(() -> !acceptsWrongPassword(login), Timing.seconds(10),
                        () -> "PostgreSQL still lets " + role + " in with a wrong password after reloading pg_hba");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the login role " + role + " on " + db, e);
        }
        return login;
    }

    /** Drops a role made by {@link #create} with what it owns in {@code db}; its connections must be closed. */
    public static void drop(TestDatabase db, TestDatabase login) {
        try (Connection admin = db.connect(); Statement sql = admin.createStatement()) {
            sql.execute("DROP OWNED BY \"" + login.user() + "\"");
            sql.execute("DROP ROLE \"" + login.user() + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop the login role " + login.user(), e);
        }
    }

    /** {@code url} without {@code user} and {@code password} parameters, which would win over a given login. */
    public static String withoutLogin(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        StringJoiner kept = new StringJoiner("&", "?", "").setEmptyValue("");
        for (String pair : url.substring(query + 1).split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!pair.isEmpty() && !key.equals("user") && !key.equals("password")) {
                kept.add(pair);
            }
        }
        return url.substring(0, query) + kept;
    }

    private static boolean acceptsWrongPassword(TestDatabase login) {
        try (Connection ignored = DriverManager.getConnection(login.jdbcUrl(), login.user(),
                login.password() + "-wrong")) {
            return true;
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("Logging in as " + login.user() + " failed otherwise than by the "
                    + "password: " + e.getMessage(), e);
        }
    }

    /** md5 also verifies passwords stored as SCRAM (PostgreSQL then uses SCRAM). */
    private static void askForPassword(Statement sql, String role) throws SQLException {
        Path hbaFile;
        try (ResultSet file = sql.executeQuery("SHOW hba_file")) {
            file.next();
            hbaFile = Path.of(file.getString(1));
        }
        Assumptions.assumeTrue(Files.isWritable(hbaFile), "The test server lets any password in and its "
                + hbaFile + " is not on this machine: set SLUICE_TEST_JDBC_URL to a server that checks passwords");
        try {
            String rules = Files.readString(hbaFile, StandardCharsets.UTF_8);
            Files.writeString(hbaFile, "host all \"" + role + "\" all md5\n" + rules, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not add a rule for " + role + " to " + hbaFile, e);
        }
        sql.execute("SELECT pg_reload_conf()");
    }
}
