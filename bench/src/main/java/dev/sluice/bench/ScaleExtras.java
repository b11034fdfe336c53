package dev.sluice.bench;

import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The {@link ScaleSweep.Extras} of Sluice (its tables in PostgreSQL) and of Artemis (its journal folder). */
final class ScaleExtras {

    private ScaleExtras() {
    }

    /** Sluice on {@code jdbcUrl}: partitions by connection factory setting, figures from PostgreSQL's statistics. */
    static ScaleSweep.Extras sluice(String jdbcUrl, String user, String password) {
        return new ScaleSweep.Extras() {
            @Override
            public ConnectionFactory partitioned(int partitions) {
                SluiceConnectionFactory factory = new SluiceConnectionFactory(jdbcUrl);
                factory.setUser(user);
                factory.setPassword(password);
                factory.setSetting("defaultPartitions", String.valueOf(partitions));
                return factory;
            }

            @Override
            public boolean keepsHistory() {
                return true;
            }

            @Override
            public long storageBytes() {
                return query("select coalesce(sum(pg_total_relation_size(relid)), 0) as bytes"
                        + " from pg_stat_user_tables where schemaname = 'sluice'").get("bytes").longValue();
            }

            @Override
            public Map<String, Double> tableHealth() {
                return query("select coalesce(sum(n_dead_tup), 0) as \"dead tuples\","
                        + " coalesce(sum(autovacuum_count), 0) as \"autovacuum runs\""
                        + " from pg_stat_user_tables where schemaname = 'sluice'");
            }

            private Map<String, Double> query(String sql) {
                Properties login = new Properties();
                if (user != null) {
                    login.setProperty("user", user);
                }
                if (password != null) {
                    login.setProperty("password", password);
                }
                try (Connection connection = DriverManager.getConnection(jdbcUrl, login);
                     Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery(sql)) {
                    row.next();
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                        values.put(row.getMetaData().getColumnLabel(column), row.getDouble(column));
                    }
                    return values;
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not read Sluice's table statistics", e);
                }
            }
        };
    }

    /** Artemis with its journal, bindings, paging and large messages under {@code directory}. */
    static ScaleSweep.Extras artemis(Path directory) {
        return new ScaleSweep.Extras() {
            @Override
            public ConnectionFactory partitioned(int partitions) {
                return null;
            }

            @Override
            public boolean keepsHistory() {
                return false;
            }

            @Override
            public long storageBytes() {
                return ScaleSweep.folderBytes(directory);
            }

            @Override
            public Map<String, Double> tableHealth() {
                return null;
            }
        };
    }
}
