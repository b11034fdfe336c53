package dev.sluice.examples;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import java.nio.file.Path;

/**
 * The PostgreSQL an example runs on, from its command line {@code [--url JDBC_URL [--user USER] [--password
 * PASSWORD]] [WORK_DIR]}: the server at the URL, or else Sluice's embedded PostgreSQL, started with its data in
 * {@code WORK_DIR/postgres}. Closing it stops an embedded server. Not thread-safe: one per program.
 */
public final class ExampleDatabase implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final Database embedded;

    private ExampleDatabase(String url, String user, String password, Database embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /**
     * Reads the command line; without {@code --url} starts the embedded PostgreSQL in {@code WORK_DIR} (default
     * {@code defaultWorkDir}), saying so on standard output.
     *
     * @throws IllegalArgumentException for an option other than the three, or one without its value
     */
    public static ExampleDatabase open(String[] args, String defaultWorkDir) {
        // The examples print what they do; Sluice's, Spring's and Camel's INFO lines would bury it.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        String url = null;
        String user = null;
        String password = null;
        String workDir = defaultWorkDir;
        for (int i = 0; i < args.length; i++) {
            String argument = args[i];
            if (!argument.startsWith("--")) {
                workDir = argument;
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("Option " + argument + " needs a value; usage: " + usage());
            }
            String value = args[++i];
            switch (argument) {
                case "--url" -> url = value;
                case "--user" -> user = value;
                case "--password" -> password = value;
                default -> throw new IllegalArgumentException("Unknown option " + argument + "; usage: " + usage());
            }
        }
        if (url != null) {
            return new ExampleDatabase(url, user, password, null);
        }
        Path data = Path.of(workDir, "postgres").toAbsolutePath();
        System.out.println("Starting embedded PostgreSQL with data in " + data);
        Database database = Database.open(DatabaseConfig.builder().embedded(data, 0).build());
        // the embedded server's URL names its user, and the server asks no password
        return new ExampleDatabase(database.jdbcUrl(), null, null, database);
    }

    private static String usage() {
        return "[--url JDBC_URL [--user USER] [--password PASSWORD]] [WORK_DIR]";
    }

    /** The JDBC URL; for the embedded server it names the user too. */
    public String url() {
        return url;
    }

    /** The login, or null when the URL carries it. */
    public String user() {
        return user;
    }

    /** The password, or null. */
    public String password() {
        return password;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
