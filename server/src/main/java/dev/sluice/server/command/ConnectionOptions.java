package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.jms.ProviderConfig;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.server.CommandFailedException;
import dev.sluice.server.ServerUrlFile;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How a client command reaches the database: {@code --url} (or the environment variable {@code SLUICE_URL}), else
 * the URL an embedded {@code sluice server} running in this folder wrote into {@code sluice-data/server.url}.
 * Picocli mixin; confined to the command's thread.
 */
public final class ConnectionOptions {

    @Option(names = "--url", paramLabel = "JDBC_URL", defaultValue = "${env:SLUICE_URL}",
            description = "PostgreSQL JDBC URL of the Sluice database, as 'sluice server' prints it; may carry Sluice"
                    + " client settings as query parameters. Default: $SLUICE_URL, else the server running in"
                    + " ./sluice-data.")
    String url;

    @Option(names = "--user", defaultValue = "${env:SLUICE_USER}",
            description = "Database user (default: $SLUICE_USER, else from the URL).")
    String user;

    @Option(names = "--password", defaultValue = "${env:SLUICE_PASSWORD}", arity = "0..1", interactive = true,
            description = "Database password (default: $SLUICE_PASSWORD; --password alone asks for it).")
    String password;

    /** The URL to use, as the user gave it (Sluice settings included). */
    String sluiceUrl() {
        return explicitUrl().or(() -> ServerUrlFile.read(DatabaseConfig.DEFAULT_DATA_DIR))
                .orElseThrow(() -> new CommandFailedException("No database to connect to: pass --url with the JDBC"
                        + " URL 'sluice server' prints, set SLUICE_URL, or start 'sluice server' in this folder"));
    }

    Optional<String> explicitUrl() {
        return Optional.ofNullable(url).filter(value -> !value.isBlank());
    }

    /** A JMS connection factory for the URL, with extra Sluice settings (e.g. autoCreate). */
    SluiceConnectionFactory connectionFactory(Map<String, String> settings) {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(sluiceUrl());
        factory.setUser(user);
        factory.setPassword(password);
        settings.forEach(factory::setSetting);
        return factory;
    }

    /**
     * Opens the database itself, for administration and SQL; like any client it checks the schema version and
     * fails naming {@code sluice migrate} when the schema is missing or older.
     */
    Database openDatabase() {
        return openDatabase(sluiceUrl());
    }

    Database openDatabase(String sluiceUrl) {
        return Database.open(DatabaseConfig.builder().jdbcUrl(driverUrl(sluiceUrl)).user(user).password(password)
                .poolSize(2).build());
    }

    /** The URL as the PostgreSQL driver gets it: without Sluice's settings. */
    static String driverUrl(String sluiceUrl) {
        try {
            return ProviderConfig.parse(sluiceUrl, Map.of()).jdbcUrl();
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }
}
