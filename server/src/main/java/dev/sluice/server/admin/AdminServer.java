package dev.sluice.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.db.maintenance.LogStatistics;
import dev.sluice.db.security.GrantStore;
import dev.sluice.flume.Agent;
import dev.sluice.server.CommandFailedException;
import dev.sluice.server.admin.console.ConsoleEndpoint;
import dev.sluice.server.maintenance.MaintenanceLoop;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's HTTP admin endpoint: the web console at {@code /} ({@link ConsoleEndpoint}: destinations, charts,
 * messages, dead letters, ready SQL queries), {@code /health}, {@code /metrics}, {@code /api/destinations[/{name}]};
 * any other path answers 404 with the list of paths. Read-only (every path answers 405 to anything but GET and
 * HEAD; the console has no admin actions), no authentication: it listens on loopback unless told otherwise, and
 * warns at start when it does not. The JSON and metrics paths show figures, names, subscriptions, client IDs and
 * selectors, never message bodies or properties; the console also shows the newest messages with their headers,
 * properties and text bodies. It reads them with the server's login, so it shows every destination whatever the
 * grants. A write action would need a configured credential first. Requests are served by two threads named
 * {@code sluice-admin | <address>}; a handler that fails answers 500 with the error, and the endpoint keeps serving.
 *
 * <p>Lifecycle LATENT → STARTED → CLOSED with compare-and-set transitions. Thread-safe.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private enum State { LATENT, STARTED, CLOSED }

    private final String bindAddress;
    private final int port;
    private final boolean portFallback;
    private final HealthEndpoint health;
    private final MetricsEndpoint metrics;
    private final DestinationsEndpoint destinations;
    private final ConsoleEndpoint console;
    private final MonitoringPool monitoring;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private HttpServer http;
    private ExecutorService executor;

    /**
     * An endpoint on {@code bindAddress:port} whose queries go through {@code monitoring} (short timeouts); with
     * {@code portFallback}, a taken {@code port} makes it listen on any free port instead of failing.
     */
    public AdminServer(String bindAddress, int port, boolean portFallback, MonitoringPool monitoring,
                       ServerStatus status, MaintenanceLoop maintenance, List<Agent> agents) {
        this.bindAddress = bindAddress;
        this.port = port;
        this.portFallback = portFallback;
        LogStatistics statistics = new LogStatistics(monitoring.jdbi());
        this.health = new HealthEndpoint(monitoring.jdbi(), status);
        this.metrics = new MetricsEndpoint(statistics, status, maintenance, agents, monitoring.outageLog());
        this.destinations = new DestinationsEndpoint(statistics);
        this.console = new ConsoleEndpoint(monitoring.jdbi(), monitoring.outageLog(), this::notFound);
        this.monitoring = monitoring;
    }

    /**
     * Binds and starts serving.
     *
     * @throws CommandFailedException when the address cannot be bound (port taken, and no fallback)
     */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Admin endpoint on " + bindAddress + ":" + port + " cannot start: it is "
                    + state.get());
        }
        http = bind();
        AtomicInteger threads = new AtomicInteger();
        String name = "sluice-admin | " + bindAddress + ":" + http.getAddress().getPort();
        executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, name + " #" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        http.createContext("/health", guarded(health));
        http.createContext("/metrics", guarded(metrics));
        http.createContext(DestinationsEndpoint.PATH, guarded(destinations));
        http.createContext("/", guarded(console));
        http.start();
        console.start("admin " + bindAddress + ":" + http.getAddress().getPort());
        LOG.info("Admin endpoint listening on {}", uri());
        if (!http.getAddress().getAddress().isLoopbackAddress()) {
            LOG.warn("Admin endpoint {} is reachable from other machines, without authentication: it shows the name,"
                    + " figures and subscriptions of every destination, and its web console their newest messages"
                    + " with bodies{}", uri(),
                    securityOn() ? ", whatever the per-destination grants" : "");
        }
    }

    private HttpServer bind() {
        try {
            return HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        } catch (BindException e) {
            if (portFallback && port != 0) {
                // Another server on this machine has the default port: a second one must start without flags.
                HttpServer any = bindAnyPort();
                LOG.info("Admin port {} on {} is taken (by another Sluice server?); listening on port {} instead"
                        + " (--admin-port chooses one)", port, bindAddress, any.getAddress().getPort());
                return any;
            }
            throw new CommandFailedException("The admin endpoint cannot listen on " + bindAddress + ":" + port
                    + " (" + e.getMessage() + "); choose another with --admin-port (0 = any free port)", e);
        } catch (IOException e) {
            throw new CommandFailedException("The admin endpoint cannot listen on " + bindAddress + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    private HttpServer bindAnyPort() {
        try {
            return HttpServer.create(new InetSocketAddress(bindAddress, 0), 16);
        } catch (IOException e) {
            throw new CommandFailedException("The admin endpoint cannot listen on any port of " + bindAddress + ": "
                    + e.getMessage(), e);
        }
    }

    /** The base address, such as {@code http://127.0.0.1:7654/}. */
    public URI uri() {
        if (http == null) {
            throw new IllegalStateException("The admin endpoint has not started");
        }
        String host = http.getAddress().getAddress().isAnyLocalAddress() ? "localhost" : bindAddress;
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + http.getAddress().getPort() + "/");
    }

    private void notFound(HttpExchange exchange) throws IOException {
        Responses.error(exchange, 404, "No such path: " + exchange.getRequestURI().getPath()
                + "; the admin endpoint serves the web console at /, /health, /metrics, /api/destinations and"
                + " /api/destinations/{name}");
    }

    private boolean securityOn() {
        try {
            return new GrantStore(monitoring.jdbi()).securityOn();
        } catch (RuntimeException e) {
            LOG.debug("Could not read whether security is on", e);
            return true;
        }
    }

    private static HttpHandler guarded(HttpHandler handler) {
        return exchange -> {
            try {
                if (Responses.onlyGet(exchange)) {
                    handler.handle(exchange);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                try {
                    Responses.error(exchange, 500, "Request failed: " + e.getMessage());
                } catch (IOException | RuntimeException unsent) {
                    // The response may have been half sent already; closing the exchange is all that is left.
                    LOG.debug("Could not send the error response of {}", exchange.getRequestURI(), unsent);
                    exchange.close();
                }
            }
        };
    }

    /**
     * Stops listening and ends requests in progress at once (they only read, so cutting one short loses nothing,
     * and a server must stop within seconds). Idempotent; also after a failed start.
     */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) != State.STARTED || http == null) {
            return;
        }
        console.close();
        http.stop(0);
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
