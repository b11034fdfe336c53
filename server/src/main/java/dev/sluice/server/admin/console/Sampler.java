package dev.sluice.server.admin.console;

import dev.sluice.db.OutageLog;
import dev.sluice.db.maintenance.DestinationStatistics;
import dev.sluice.db.maintenance.LogStatistics;
import dev.sluice.db.maintenance.SubscriptionStatistics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a {@link SampleRing.Sample} to the ring every {@code interval}, read with the same two queries as
 * {@code /metrics} ({@link LogStatistics#destinations()} and {@link LogStatistics#subscriptions()}), so the charts
 * show the figures a Prometheus scrape would. Temporary destinations are left out. One daemon thread named
 * {@code sluice-console-sampler | <owner>}; a failed sampling is logged (an outage once, through the server's
 * {@link OutageLog}) and the next one runs as planned. A sampling that succeeds does not tell the outage log that
 * the database is back: it runs every few seconds on a pooled connection, which may still answer while PostgreSQL
 * shuts down, and would end an outage that the server's own loops then report again.
 *
 * <p>Lifecycle LATENT → STARTED → CLOSED with compare-and-set transitions. Thread-safe.
 */
final class Sampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private enum State { LATENT, STARTED, CLOSED }

    private final LogStatistics statistics;
    private final SampleRing ring;
    private final Duration interval;
    private final Clock clock;
    private final OutageLog outageLog;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private ScheduledExecutorService executor;

    Sampler(LogStatistics statistics, SampleRing ring, Duration interval, Clock clock, OutageLog outageLog) {
        this.statistics = statistics;
        this.ring = ring;
        this.interval = interval;
        this.clock = clock;
        this.outageLog = outageLog;
    }

    /** Samples at once, then every interval, on a thread named for {@code owner}. */
    void start(String owner) {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("The console's sampler of " + owner + " cannot start: it is "
                    + state.get());
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-console-sampler | " + owner);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::sampleLoggingFailure, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sampleLoggingFailure() {
        try {
            sample();
        } catch (RuntimeException e) {
            if (!outageLog.failed("the web console's sampler", e)) {
                LOG.warn("The web console could not sample the destinations' figures (next try in {} s): {}",
                        interval.toSeconds(), e.getMessage());
            }
        }
    }

    /** Reads the figures once and adds them to the ring. */
    void sample() {
        Map<Integer, String> names = new HashMap<>();
        Map<String, long[]> counters = new LinkedHashMap<>();
        for (DestinationStatistics destination : statistics.destinations()) {
            if (!destination.temporary()) {
                String name = destination.kind().sqlName() + "://" + destination.name();
                names.put(destination.id(), name);
                counters.put(name, new long[] {destination.messagesIn(), destination.messagesOut(), 0});
            }
        }
        for (SubscriptionStatistics subscription : statistics.subscriptions()) {
            String name = names.get(subscription.destinationId());
            if (name != null) {
                counters.get(name)[2] += subscription.lag();
            }
        }
        Map<String, SampleRing.Figures> figures = new LinkedHashMap<>();
        counters.forEach((name, values) -> figures.put(name, new SampleRing.Figures(values[0], values[1], values[2])));
        ring.add(new SampleRing.Sample(clock.instant(), Map.copyOf(figures)));
    }

    /** Stops sampling at once: a sampling cut short loses nothing. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.STARTED) {
            executor.shutdownNow();
        }
    }
}
