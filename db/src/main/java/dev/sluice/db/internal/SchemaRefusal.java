package dev.sluice.db.internal;

import dev.sluice.db.AccessDeniedException;
import dev.sluice.db.Database;
import dev.sluice.db.JdbcUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Explains why PostgreSQL refused a role the schema while migrating it (SQLSTATE 42501, in {@code sluice migrate},
 * {@code sluice server} or the embedded server's start): a role that may not use the schema at all needs the
 * client group role; a role that may is not the schema's owner and cannot apply a pending migration. Asks the database which it is on a connection of
 * its own. Stateless.
 */
public final class SchemaRefusal {

    private SchemaRefusal() {
    }

    public static AccessDeniedException explain(String url, String user, String password, SQLException refusal) {
        Properties login = new Properties();
        if (user != null) {
            login.setProperty("user", user);
        }
        if (password != null) {
            login.setProperty("password", password);
        }
        String where = " (at " + JdbcUrls.redact(url) + "; PostgreSQL said: " + refusal.getMessage() + ")";
        try (Connection connection = DriverManager.getConnection(url, login);
             PreparedStatement query = connection.prepareStatement("select current_user::text,"
                     + " (select has_schema_privilege(current_user, n.oid, 'USAGE') from pg_namespace n"
                     + "   where n.nspname = ?),"
                     + " (select pg_get_userbyid(n.nspowner)::text from pg_namespace n where n.nspname = ?)")) {
            query.setString(1, Database.SCHEMA);
            query.setString(2, Database.SCHEMA);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                String role = rs.getString(1);
                String owner = rs.getString(3);
                if (owner == null) {
                    return new AccessDeniedException("Role " + role + " may not create Sluice's schema '"
                            + Database.SCHEMA + "': 'sluice migrate' (or 'sluice server') creates it, and the role"
                            + " that runs it becomes its owner, so run it as a role with CREATE on the database"
                            + where, refusal);
                }
                if (rs.getBoolean(2)) {
                    return new AccessDeniedException("Role " + role + " may use Sluice's schema '" + Database.SCHEMA
                            + "' but may not migrate it: this Sluice has migrations to apply, which only the schema's"
                            + " owner " + owner + " may (run 'sluice migrate' or 'sluice server' as " + owner + ")"
                            + where, refusal);
                }
                return new AccessDeniedException("Role " + role + " may not use Sluice's schema '" + Database.SCHEMA
                        + "': GRANT sluice_client TO " + role + where, refusal);
            }
        } catch (SQLException e) {
            refusal.addSuppressed(e);
            return new AccessDeniedException("Role " + user + " may not use Sluice's schema '" + Database.SCHEMA
                    + "': GRANT sluice_client TO " + user + where, refusal);
        }
    }
}
