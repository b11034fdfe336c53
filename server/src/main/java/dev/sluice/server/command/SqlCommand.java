package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.server.CommandFailedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice sql QUERY}: runs one SQL statement against the Sluice database and prints its result as psql
 * would, for history queries on {@code sluice.messages} and {@code sluice.subscription_lag} where psql is not at
 * hand. Confined to the command's thread.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run one SQL statement on the Sluice database and print the result as a table.",
                "For example:  sluice sql \"select destination, lag, in_flight from sluice.subscription_lag\""})
public final class SqlCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "SQL", description = "The statement (quote it for the shell).")
    String sql;

    @Override
    public Integer call() {
        try (Database database = connection.openDatabase();
             Connection jdbc = database.dataSource().getConnection();
             Statement statement = jdbc.createStatement()) {
            if (statement.execute(sql)) {
                TablePrinter.print(System.out, statement.getResultSet());
            } else {
                System.out.println(statement.getUpdateCount() + " rows changed");
            }
            return 0;
        } catch (SQLException e) {
            throw new CommandFailedException("SQL failed: " + e.getMessage(), e);
        }
    }
}
