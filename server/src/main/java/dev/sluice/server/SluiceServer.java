package dev.sluice.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.coordination.recipes.LeaderLatchListener;
import dev.sluice.db.Database;
import dev.sluice.db.EmbeddedPostgresServer;
import dev.sluice.db.JdbcUrls;
import dev.sluice.db.maintenance.LogStatistics;
import dev.sluice.flume.Agent;
import dev.sluice.server.admin.AdminServer;
import dev.sluice.server.admin.ServerStatus;
import dev.sluice.server.maintenance.MaintenanceDuties;
import dev.sluice.server.maintenance.MaintenanceLoop;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
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
 * <p>Lifecycle RUNNING → STOPPED ({@link #close()}, compare-and-set). Thread-safe.
 */
public final class SluiceServer implements ServerStatus, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

    private enum State { RUNNING, STOPPED }

    private final ServerConfig config;
    private final PrintStream out;
    private final Database database;
    private final MaintenanceLoop maintenance;
    private final ServerCoordination coordination;
    private final AdminServer admin;
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
                config.maintenanceInterval(), Clock.systemUTC());
        this.agents = HostedAgents.build(config.agentConfigs(), database.jdbcUrl(), database.user(),
                config.embedded() ? null : config.password());
        this.admin = new AdminServer(config.adminBind(), config.adminPort(), database,
                new LogStatistics(database.jdbi()), this, maintenance, agents.agents());
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
        out.println("  Admin endpoint:  " + admin.uri() + "  (health, metrics, api/destinations)");
        if (config.embedded()) {
            Optional<EmbeddedPostgresServer> embedded = database.embeddedServer();
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
                + JdbcUrls.redact(database.jdbcUrl())
                + "\"); commands in this folder find it by themselves. Stop with Ctrl-C.");
        out.flush();
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
            maintenance.close();
            coordination.close();
            if (config.embedded()) {
                ServerUrlFile.delete(config.dataDir());
            }
        } catch (RuntimeException e) {
            LOG.warn("Server '{}' did not stop cleanly: {}", config.serverId(), ErrorMessages.oneLine(e), e);
        } finally {
            database.close();
            out.println("Sluice server " + config.serverId() + " stopped");
            out.flush();
            stopped.countDown();
        }
    }
}
