package dev.sluice.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Login roles without superuser rights, for tests of authorization: each has a random password (which a server
 * that checks passwords checks; the embedded test server trusts local logins, see {@link PasswordRoles} when the
 * check itself is under test) and may be made a member of group roles such as {@code sluice_client}. Roles are
 * server-wide, so their names end with the JVM's pid. Stateless.
 */
public final class LoginRoles {

    private LoginRoles() {
    }

    /**
     * Creates a login role named {@code prefix}, an underscore and this JVM's pid, a member of {@code groups};
     * returns how it logs in to {@code db}.
     */
    public static TestDatabase create(TestDatabase db, String prefix, String... groups) {
        String role = (prefix + "_" + ProcessHandle.current().pid()).toLowerCase();
        String password = UUID.randomUUID().toString();
        try (Connection admin = db.connect(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE \"" + role + "\" LOGIN NOSUPERUSER PASSWORD '" + password + "'");
            for (String group : groups) {
                sql.execute("GRANT \"" + group + "\" TO \"" + role + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the login role " + role + " on " + db, e);
        }
        return new TestDatabase(PasswordRoles.withoutLogin(db.jdbcUrl()), role, password);
    }

    /** Drops roles made by {@link #create} with what they own and were granted in {@code db}. */
    public static void drop(TestDatabase db, TestDatabase... logins) {
        try (Connection admin = db.connect(); Statement sql = admin.createStatement()) {
            for (TestDatabase login : logins) {
                if (login != null) {
                    sql.execute("DROP OWNED BY \"" + login.user() + "\"");
                    sql.execute("DROP ROLE \"" + login.user() + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop the login roles", e);
        }
    }
}
