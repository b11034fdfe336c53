package dev.sluice.server.command;

import dev.sluice.db.DatabaseConfig;
import dev.sluice.embedded.EmbeddedPostgresServer;
import dev.sluice.server.ServerConfig;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.TerminationSignals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice server}: runs a server until SIGTERM or Ctrl-C (see {@link SluiceServer}). Confined to the main
 * thread; the shutdown hook stops the server.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {
                "Run a Sluice server: starts an embedded PostgreSQL (data in --data-dir) unless --jdbc-url is given,"
                        + " migrates the schema, prints the JDBC URL clients connect with, joins the servers of the"
                        + " database, runs the maintenance duties while it is the elected leader, and serves the"
                        + " admin endpoint (/health, /metrics, /api/destinations). With --agent-config it also"
                        + " hosts the Flume bridge agents of that file. Stops cleanly on SIGTERM or Ctrl-C.",
                "Any number of servers may share one database; exactly one of them runs maintenance."})
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "sluice-data",
            description = "Data folder of the embedded PostgreSQL (default: ${DEFAULT-VALUE}).")
    Path dataDir = DatabaseConfig.DEFAULT_DATA_DIR;

    @Option(names = "--port", defaultValue = "" + EmbeddedPostgresServer.DEFAULT_PORT,
            description = "Port of the embedded PostgreSQL (default: ${DEFAULT-VALUE}; 0 = any free port). Clients"
                    + " connect with jdbc:postgresql://localhost:PORT/postgres?user=postgres ('sluice url' prints it).")
    int port;

    @Option(names = "--jdbc-url", paramLabel = "JDBC_URL",
            description = "Use this PostgreSQL instead of an embedded one, e.g."
                    + " jdbc:postgresql://db.example.com:5432/sluice")
    String jdbcUrl;

    @Option(names = "--user", description = "Login for --jdbc-url (default: $SLUICE_USER).",
            defaultValue = "${env:SLUICE_USER}")
    String user;

    @Option(names = "--password", arity = "0..1", interactive = true, defaultValue = "${env:SLUICE_PASSWORD}",
            description = "Password for --jdbc-url (default: $SLUICE_PASSWORD; --password alone asks for it).")
    String password;

    @Option(names = "--admin-port",
            description = "Port of the admin endpoint (default: " + ServerConfig.DEFAULT_ADMIN_PORT + ", or any free"
                    + " port when another server has that one; 0 = any free port).")
    Integer adminPort;

    @Option(names = "--admin-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the admin endpoint listens on (default: ${DEFAULT-VALUE}, loopback only).")
    String adminBind;

    @Option(names = "--server-id", paramLabel = "ID",
            description = "This server's id among the servers of the database (default: <pid>@<host>).")
    String serverId;

    @Option(names = "--session-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How soon the other servers notice this one died and take over maintenance"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    @Option(names = "--maintenance-interval", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Pause between two maintenance runs of the leader (default: ${DEFAULT-VALUE}).")
    Duration maintenanceInterval;

    @Option(names = "--vacuum-threshold", paramLabel = "ROWS", defaultValue = "" + ServerConfig.DEFAULT_VACUUM_THRESHOLD,
            description = "VACUUM the log tables after expiry and retention deleted this many messages"
                    + " (default: ${DEFAULT-VALUE}).")
    long vacuumThreshold;

    @Option(names = "--agent-config", paramLabel = "FILE",
            description = "Host every Flume bridge agent this properties file defines (as sluice agent -f FILE);"
                    + " they start and stop with the server, their counters are in /metrics. The file may use"
                    + " $${SLUICE_SERVER_URL}, $${SLUICE_SERVER_USER}, $${SLUICE_SERVER_PASSWORD} for this server's"
                    + " database. Repeatable.")
    List<Path> agentConfigs = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig.Builder builder = ServerConfig.builder()
                .jdbcUrl(jdbcUrl)
                .user(user)
                .password(password)
                .dataDir(dataDir)
                .port(port)
                .adminBind(adminBind)
                .adminPort(adminPort != null ? adminPort : ServerConfig.DEFAULT_ADMIN_PORT)
                .adminPortFallback(adminPort == null)
                .sessionTimeout(sessionTimeout)
                .maintenanceInterval(maintenanceInterval)
                .vacuumThreshold(vacuumThreshold)
                .agentConfigs(agentConfigs);
        if (serverId != null) {
            builder.serverId(serverId);
        }
        ServerConfig config = builder.build();
        SluiceServer server = SluiceServer.start(config, System.out);
        TerminationSignals.onTermination(server::close);
        server.awaitStop();
        return 0;
    }
}
