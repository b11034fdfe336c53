package dev.sluice.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.coordination.recipes.LeaderLatchListener;
import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.EmbeddedServer;
import dev.sluice.db.JdbcUrls;
import dev.sluice.flume.Agent;
import dev.sluice.server.admin.AdminServer;
import dev.sluice.server.admin.MonitoringPool;
import dev.sluice.server.admin.ServerStatus;
import dev.sluice.server.maintenance.MaintenanceDuties;
import dev.sluice.server.maintenance.MaintenanceLoop;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Sluice server: the database (an embedded PostgreSQL in a local folder, or an external one), migrated;
 * membership of the servers' group and candidacy for leader; the maintenance duties, run only while this server
 * leads; the admin endpoint; the Flume bridge agents it hosts ({@link HostedAgents}). Any number of servers may share one database; clients never talk to a server, only to
 * PostgreSQL, so a server is not on the message path.
 *
 * <p>Lines meant for the operator (the JDBC URL, the admin address, leadership changes) go to the
 * {@link PrintStream} given to {@link #start}; everything else is logged.
 *
 * <p>In embedded mode the database lives with this server: it stops when the server stops, and other servers that
 * use it through its URL lose it then (they log the outage once and carry on when it is back).
 *
 * <p>Lifecycle RUNNING → STOPPED ({@link #close()}, compare-and-set). Thread-safe.
 */
public final class SluiceServer implements ServerStatus, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);
    /**
     * How long stopping waits for leaving the servers' group (a few statements); when the database is gone they
     * would each wait for a connection in vain, so the leave is cut short and the session left to expire.
     */
    private static final Duration LEAVE_WAIT = Duration.ofSeconds(2);
    /** How long stopping waits for the maintenance and the leave when the database is known to be down. */
    private static final Duration DOWN_WAIT = Duration.ofMillis(250);

    private enum State { RUNNING, STOPPED }

    private final ServerConfig config;
    private final PrintStream out;
    private final Database database;
    private final MaintenanceLoop maintenance;
    private final ServerCoordination coordination;
    private final AdminServer admin;
    private final MonitoringPool monitoring;
    private final HostedAgents agents;
    private final Instant startedAt;
    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private final CountDownLatch stopped = new CountDownLatch(1);

    private SluiceServer(ServerConfig config, PrintStream out, Database database) {
        this.config = config;
        this.out = out;
        this.database = database;
        this.startedAt = Instant.now();
        this.coordination = new ServerCoordination(database, config, memberData(config), new Leadership());
        this.maintenance = new MaintenanceLoop(config.serverId(),
                MaintenanceDuties.standard(database, coordination::expireDeadSessions, config.vacuumThreshold()),
                config.maintenanceInterval(), Clock.systemUTC(), database.outageLog());
        String password = config.embedded() ? null : config.password();
        this.agents = HostedAgents.build(config.agentConfigs(), database.jdbcUrl(), database.user(), password);
        this.monitoring = new MonitoringPool("sluice-pool-admin", database.jdbcUrl(), database.user(), password,
                database.outageLog());
        try {
            this.admin = new AdminServer(config.adminBind(), config.adminPort(), config.adminPortFallback(),
                    monitoring, this, maintenance, agents.agents());
        } catch (RuntimeException e) {
            monitoring.close();
            throw e;
        }
    }

    /**
     * Starts a server: opens (or starts) and migrates the database, starts the admin endpoint, joins the servers'
     * group and the leader election, starts the hosted agents, and prints where clients and operators reach it.
     *
     * @throws dev.sluice.db.DatabaseUnavailableException when the database cannot be reached
     * @throws CommandFailedException                     when the admin port is taken, the server id in use, or
     *                                                    an agent configuration wrong
     */
    public static SluiceServer start(ServerConfig config, PrintStream out) {
        out.println("Sluice server " + config.serverId() + " starting"
                + (config.embedded() ? " (embedded PostgreSQL, data in " + config.dataDir().toAbsolutePath() + ")"
                : " on " + JdbcUrls.redact(config.jdbcUrl())));
        out.flush();
        if (!config.embedded()) {
            // The embedded server migrates itself at start; clients only check the version.
            SchemaMigrator.migrate(config.jdbcUrl(), config.user(), config.password());
        }
        Database database = Database.open(config.databaseConfig());
        SluiceServer server;
        try {
            server = new SluiceServer(config, out, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        try {
            server.admin.start();
            server.maintenance.start();
            server.coordination.join();
            if (config.embedded()) {
                ServerUrlFile.write(config.dataDir(), database.jdbcUrl());
                database.embeddedServer().ifPresent(embedded -> embedded.describeOwner("Sluice server "
                        + config.serverId() + " (pid " + ProcessHandle.current().pid() + ", JDBC URL "
                        + JdbcUrls.redact(database.jdbcUrl()) + ", admin endpoint " + server.admin.uri() + ")"));
            }
            server.agents.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.printBanner();
        return server;
    }

    private void printBanner() {
        out.println("Sluice server " + config.serverId() + " is up");
        out.println("  JDBC URL:        " + JdbcUrls.redact(database.jdbcUrl()));
        out.println("  Admin endpoint:  " + admin.uri() + "  (web console; health, metrics, api/destinations)");
        if (config.embedded()) {
            Optional<EmbeddedServer> embedded = database.embeddedServer();
            out.println("  Data folder:     " + config.dataDir().toAbsolutePath() + "  (embedded PostgreSQL"
                    + embedded.map(server -> " on port " + server.port()).orElse("") + ")");
        }
        out.println("  Maintenance:     every " + config.maintenanceInterval().toMillis()
                + " ms on the elected leader; session timeout " + config.sessionTimeout().toMillis() + " ms");
        out.println("  Leader:          " + (leader() ? "this server" : leaderId().map(id -> "server " + id)
                .orElse("being elected")) + "; servers: " + String.join(", ", members()));
        for (Agent agent : agents.agents()) {
            out.println("  Agent:           " + agent.name() + " from " + agents.file(agent).toAbsolutePath()
                    + "  (counters in /metrics as sluice_flume_*)");
        }
        out.println("Clients connect with that JDBC URL, e.g. new SluiceConnectionFactory(\""
                + JdbcUrls.redact(database.jdbcUrl()) + "\"); " + howCommandsFindIt() + ". Stop with Ctrl-C.");
        out.flush();
    }

    /** Only commands started where {@code sluice-data/server.url} is theirs find the server without being told. */
    private String howCommandsFindIt() {
        if (config.embedded() && config.dataDir().toAbsolutePath().normalize()
                .equals(DatabaseConfig.DEFAULT_DATA_DIR.toAbsolutePath().normalize())) {
            return "commands started in " + Path.of("").toAbsolutePath() + " find it by themselves ('sluice url'"
                    + " prints the URL)";
        }
        if (config.embedded()) {
            return "commands find it with --url or $SLUICE_URL ('sluice url --data-dir " + config.dataDir()
                    + "' prints the URL)";
        }
        return "commands find it with --url or $SLUICE_URL, and the login with --user/--password or"
                + " $SLUICE_USER/$SLUICE_PASSWORD";
    }

    private static byte[] memberData(ServerConfig config) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serverId", config.serverId());
        data.put("process", ManagementFactory.getRuntimeMXBean().getName());
        data.put("version", SluiceVersion.current());
        data.put("adminBind", config.adminBind());
        data.put("startedAt", Instant.now().toString());
        data.put("embedded", config.embedded());
        try {
            return new ObjectMapper().writeValueAsBytes(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Could not describe server " + config.serverId() + " as JSON", e);
        }
    }

    /** Tells the maintenance loop and the operator about leadership changes (on the coordinator's event thread). */
    private final class Leadership implements LeaderLatchListener {
        @Override
        public void isLeader() {
            maintenance.lead();
            out.println("Leadership: server " + config.serverId() + " is the leader and runs maintenance");
            out.flush();
        }

        @Override
        public void notLeader() {
            maintenance.standBy();
            if (state.get() == State.RUNNING) {
                out.println("Leadership: server " + config.serverId() + " stands by (another server runs maintenance)");
                out.flush();
            }
        }
    }

    public ServerConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    /** The URL clients in other processes connect with. */
    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    /** The admin endpoint's base address, such as {@code http://127.0.0.1:7654/}. */
    public URI adminUri() {
        return admin.uri();
    }

    public MaintenanceLoop maintenance() {
        return maintenance;
    }

    @Override
    public String serverId() {
        return config.serverId();
    }

    @Override
    public boolean leader() {
        return coordination.leader();
    }

    @Override
    public Optional<String> leaderId() {
        return coordination.leaderId();
    }

    @Override
    public List<String> members() {
        return List.copyOf(coordination.members().keySet());
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    /** Blocks until the server has stopped. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Waits for {@code leaving} (the coordination's close), and interrupts it (its waits for a pooled connection end
     * at once then) if the database does not let it finish within {@code wait}.
     */
    private void awaitLeave(Thread leaving, Duration wait) {
        try {
            leaving.join(wait.toMillis());
            if (leaving.isAlive()) {
                LOG.warn("Server '{}' could not leave the servers' group within {} ms (is the database down?); the"
                        + " others take over when its session expires, after {} ms", config.serverId(),
                        wait.toMillis(), config.sessionTimeout().toMillis());
                leaving.interrupt();
                leaving.join(wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops: the hosted agents (sources stop, sinks drain), the admin endpoint, the maintenance (a running duty may finish), the coordination (giving up
     * leadership so another server takes over at once, not after a session timeout), then the database (an
     * embedded PostgreSQL shuts down cleanly). Idempotent.
     */
    @Override
    public void close() {
        if (!state.compareAndSet(State.RUNNING, State.STOPPED)) {
            return;
        }
        try {
            agents.stop();
            admin.close();
            // Leaving runs beside the maintenance's stop, so that the two bounded waits do not add up when the
            // database is gone (a duty still running while leadership is given up is harmless: duties overlap safely).
            Thread leaving = new Thread(coordination::close, "sluice-shutdown | leave | server " + config.serverId());
            leaving.setDaemon(true);
            leaving.start();
            // A database known to be down cannot answer the leave's statements: no use waiting for them.
            Duration wait = database.outageLog().down() ? DOWN_WAIT : LEAVE_WAIT;
            maintenance.close(wait);
            awaitLeave(leaving, wait);
            if (config.embedded()) {
                ServerUrlFile.delete(config.dataDir());
            }
        } catch (RuntimeException e) {
            LOG.warn("Server '{}' did not stop cleanly: {}", config.serverId(), ErrorMessages.oneLine(e), e);
        } finally {
            monitoring.close();
            database.close();
            out.println("Sluice server " + config.serverId() + " stopped");
            out.flush();
            stopped.countDown();
        }
    }
}
