package dev.sluice.server.command;

import dev.sluice.db.DatabaseConfig;
import dev.sluice.embedded.EmbeddedPostgresServer;
import dev.sluice.server.CommandFailedException;
import dev.sluice.server.ServerUrlFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice url}: prints the JDBC URL of the embedded {@code sluice server} running on a data folder, the one
 * line to copy into a program's configuration or {@code export SLUICE_URL=$(sluice url)}. Confined to the
 * command's thread.
 */
@Command(name = "url", mixinStandardHelpOptions = true,
        description = {"Print the JDBC URL clients connect with to the embedded 'sluice server' running on"
                + " --data-dir (by default jdbc:postgresql://localhost:" + EmbeddedPostgresServer.DEFAULT_PORT
                + "/postgres?user=postgres).",
                "For example:  export SLUICE_URL=$(sluice url)"})
public final class UrlCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "sluice-data",
            description = "Data folder of the server's embedded PostgreSQL (default: ${DEFAULT-VALUE}).")
    Path dataDir = DatabaseConfig.DEFAULT_DATA_DIR;

    @Override
    public Integer call() {
        String url = ServerUrlFile.read(dataDir).orElseThrow(() -> new CommandFailedException("No server runs on "
                + dataDir.toAbsolutePath() + " (it has no " + ServerUrlFile.NAME + "): start one with 'sluice server"
                + (dataDir.equals(DatabaseConfig.DEFAULT_DATA_DIR) ? "" : " --data-dir " + dataDir) + "'"));
        System.out.println(url);
        return 0;
    }
}
