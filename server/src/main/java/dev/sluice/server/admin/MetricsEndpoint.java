package dev.sluice.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sluice.db.OutageLog;
import dev.sluice.db.maintenance.DestinationStatistics;
import dev.sluice.db.maintenance.LogStatistics;
import dev.sluice.db.maintenance.SubscriptionStatistics;
import dev.sluice.flume.Agent;
import dev.sluice.flume.Counters;
import dev.sluice.server.SluiceVersion;
import dev.sluice.server.maintenance.DutyStatistics;
import dev.sluice.server.maintenance.MaintenanceLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the server's and the log's figures in the Prometheus text format.
 *
 * <p>Server: {@code sluice_server_leader} (1 on the server that runs maintenance), {@code sluice_servers},
 * {@code sluice_database_up}, and per maintenance duty its runs, failures, items handled and last duration.
 * Per destination (labels {@code kind}, {@code destination}; temporary destinations are left out and only counted):
 * messages in and out, body bytes in and stored, the age of the oldest unconsumed message, partitions,
 * subscriptions. Per subscription (labels {@code kind}, {@code destination}, {@code subscription}): lag, in flight,
 * consumed, oldest unconsumed age. The log's figures are read from the database at each scrape, so every server
 * reports the same; see {@link LogStatistics} for their exact meaning.
 *
 * <p>Flume bridge agents the server hosts: {@code sluice_flume_agents}, and each component's counters under
 * Flume's names made Prometheus names (labels {@code agent}, {@code component}): a count such as a source's
 * {@code EventAcceptedCount} becomes the counter {@code sluice_flume_source_event_accepted_total}, a gauge such
 * as a channel's {@code ChannelFillPercentage} the gauge {@code sluice_flume_channel_fill_percentage}. They are
 * read from the agents in this process, so each server reports only its own. Thread-safe.
 */
final class MetricsEndpoint implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final double NANOS_PER_SECOND = 1e9;

    private final LogStatistics statistics;
    private final ServerStatus status;
    private final MaintenanceLoop maintenance;
    private final List<Agent> agents;
    private final OutageLog outageLog;

    MetricsEndpoint(LogStatistics statistics, ServerStatus status, MaintenanceLoop maintenance, List<Agent> agents,
                    OutageLog outageLog) {
        this.outageLog = outageLog;
        this.statistics = statistics;
        this.status = status;
        this.maintenance = maintenance;
        this.agents = List.copyOf(agents);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Responses.onlyGet(exchange)) {
            return;
        }
        long started = System.nanoTime();
        PrometheusWriter page = new PrometheusWriter();
        writeServer(page);
        writeMaintenance(page);
        writeAgents(page);
        boolean databaseUp = writeLog(page);
        page.family("sluice_database_up", "gauge", "1 if the log's figures could be read from PostgreSQL")
                .sample("sluice_database_up", databaseUp ? 1 : 0);
        page.family("sluice_scrape_duration_seconds", "gauge", "How long this scrape took")
                .sample("sluice_scrape_duration_seconds", (System.nanoTime() - started) / NANOS_PER_SECOND);
        Responses.text(exchange, 200, PrometheusWriter.CONTENT_TYPE, page.toString());
    }

    private void writeServer(PrometheusWriter page) {
        Map<String, String> server = Map.of("server", status.serverId());
        page.family("sluice_server_info", "gauge", "This server's id and version")
                .sample("sluice_server_info", labels("server", status.serverId(), "version", SluiceVersion.current()), 1);
        page.family("sluice_server_leader", "gauge", "1 if this server is the elected leader and runs maintenance")
                .sample("sluice_server_leader", server, status.leader() ? 1 : 0);
        page.family("sluice_server_start_time_seconds", "gauge", "When this server started, epoch seconds")
                .sample("sluice_server_start_time_seconds", server, status.startedAt().toEpochMilli() / 1000.0);
        try {
            page.family("sluice_servers", "gauge", "Live servers on this database")
                    .sample("sluice_servers", status.members().size());
        } catch (RuntimeException e) {
            LOG.debug("Could not read the servers' group for /metrics", e);
        }
    }

    private void writeMaintenance(PrometheusWriter page) {
        page.family("sluice_maintenance_runs_total", "counter",
                        "Complete maintenance runs by this server (only the leader runs them)")
                .sample("sluice_maintenance_runs_total", maintenance.runs());
        page.family("sluice_maintenance_last_run_duration_seconds", "gauge", "Duration of the last complete run")
                .sample("sluice_maintenance_last_run_duration_seconds", maintenance.lastRunNanos() / NANOS_PER_SECOND);
        page.family("sluice_maintenance_last_run_timestamp_seconds", "gauge",
                        "When the last complete run ended, epoch seconds (0: never)")
                .sample("sluice_maintenance_last_run_timestamp_seconds", maintenance.lastRunEpochMs() / 1000.0);
        page.family("sluice_maintenance_duty_runs_total", "counter", "Runs of each maintenance duty");
        page.family("sluice_maintenance_duty_failures_total", "counter", "Failed runs of each maintenance duty");
        page.family("sluice_maintenance_duty_items_total", "counter",
                "Items each duty handled: rows deleted, records released, sessions expired, ...");
        page.family("sluice_maintenance_duty_last_duration_seconds", "gauge", "Duration of each duty's last run");
        for (DutyStatistics duty : maintenance.statistics().values()) {
            Map<String, String> labels = Map.of("duty", duty.duty());
            page.sample("sluice_maintenance_duty_runs_total", labels, duty.runs());
            page.sample("sluice_maintenance_duty_failures_total", labels, duty.failures());
            page.sample("sluice_maintenance_duty_items_total", labels, duty.items());
            page.sample("sluice_maintenance_duty_last_duration_seconds", labels,
                    duty.lastDurationNanos() / NANOS_PER_SECOND);
        }
    }

    /** One sample of an agent's component: the family it belongs to, its labels and value. */
    private record AgentSample(String family, boolean gauge, String flumeName, String kind, Map<String, String> labels,
                               long value) {
    }

    private void writeAgents(PrometheusWriter page) {
        page.family("sluice_flume_agents", "gauge", "Flume bridge agents this server hosts")
                .sample("sluice_flume_agents", agents.size());
        // A family's samples must be contiguous: gather every agent's samples first, then write family by family.
        Map<String, List<AgentSample>> families = new TreeMap<>();
        for (Agent agent : agents) {
            for (Counters component : agent.counters().values()) {
                String kind = component.type().toLowerCase(Locale.ROOT);
                Map<String, String> labels = labels("agent", agent.name(), "component", component.name());
                component.snapshot().forEach((counter, value) -> {
                    boolean gauge = component.isGauge(counter);
                    String family = flumeFamily(kind, counter, gauge);
                    families.computeIfAbsent(family, key -> new ArrayList<>())
                            .add(new AgentSample(family, gauge, counter, kind, labels, value));
                });
            }
        }
        families.forEach((family, samples) -> {
            AgentSample first = samples.get(0);
            page.family(family, first.gauge() ? "gauge" : "counter", "Flume's " + first.flumeName() + " of each "
                    + first.kind() + ", per agent and component");
            samples.forEach(sample -> page.sample(family, sample.labels(), sample.value()));
        });
    }

    /**
     * {@code EventReceivedCount} of a source -> {@code sluice_flume_source_event_received_total};
     * {@code ChannelSize} of a channel -> {@code sluice_flume_channel_size} (a gauge, and no "channel_channel").
     */
    static String flumeFamily(String kind, String counter, boolean gauge) {
        String name = counter.endsWith("Count") ? counter.substring(0, counter.length() - "Count".length()) : counter;
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        if (snake.startsWith(kind + "_")) {
            snake = snake.substring(kind.length() + 1);
        }
        return "sluice_flume_" + kind + "_" + snake + (gauge ? "" : "_total");
    }

    /** Writes the destinations' and subscriptions' figures; false when the database could not be read. */
    private boolean writeLog(PrometheusWriter page) {
        List<DestinationStatistics> destinations;
        List<SubscriptionStatistics> subscriptions;
        try {
            destinations = statistics.destinations();
            subscriptions = statistics.subscriptions();
        } catch (RuntimeException e) {
            if (!outageLog.failed("/metrics", e)) {
                LOG.warn("Could not read the log's figures for /metrics: {}", e.getMessage());
            }
            return false;
        }
        outageLog.reached();
        page.family("sluice_destination_messages_in_total", "counter", "Messages appended to the destination");
        page.family("sluice_destination_messages_out_total", "counter",
                "Messages its subscriptions finished: acknowledged, or skipped (selector, expiry, retention)");
        page.family("sluice_destination_bytes_in_total", "counter",
                "Body bytes appended (counted by the maintenance leader)");
        page.family("sluice_destination_bytes_stored", "gauge", "Body bytes the log holds now");
        page.family("sluice_destination_oldest_unconsumed_age_seconds", "gauge",
                "Age of the oldest message some subscription has not finished (0: none)");
        page.family("sluice_destination_partitions", "gauge", "Partitions of the destination");
        page.family("sluice_destination_subscriptions", "gauge", "Subscriptions of the destination (a queue: 1)");
        Set<Integer> temporary = new HashSet<>();
        for (DestinationStatistics destination : destinations) {
            if (destination.temporary()) {
                temporary.add(destination.id());
                continue;
            }
            Map<String, String> labels = labels("kind", destination.kind().sqlName(),
                    "destination", destination.name());
            page.sample("sluice_destination_messages_in_total", labels, destination.messagesIn());
            page.sample("sluice_destination_messages_out_total", labels, destination.messagesOut());
            page.sample("sluice_destination_bytes_in_total", labels, destination.bytesIn());
            page.sample("sluice_destination_bytes_stored", labels, destination.bytesStored());
            page.sample("sluice_destination_oldest_unconsumed_age_seconds", labels,
                    seconds(destination.oldestUnconsumedAgeMs()));
            page.sample("sluice_destination_partitions", labels, destination.partitions());
            page.sample("sluice_destination_subscriptions", labels, destination.subscriptions());
        }
        page.family("sluice_temporary_destinations", "gauge", "Temporary destinations of live connections")
                .sample("sluice_temporary_destinations", temporary.size());
        page.family("sluice_subscription_lag", "gauge",
                "Messages the subscription has not finished: not delivered, in flight or waiting for redelivery");
        page.family("sluice_subscription_in_flight", "gauge", "Messages held by a consumer now");
        page.family("sluice_subscription_consumed_total", "counter", "Messages the subscription finished");
        page.family("sluice_subscription_oldest_unconsumed_age_seconds", "gauge",
                "Age of the oldest message the subscription has not finished (0: none)");
        for (SubscriptionStatistics subscription : subscriptions) {
            if (temporary.contains(subscription.destinationId())) {
                continue;
            }
            Map<String, String> labels = labels("kind", subscription.kind().sqlName(),
                    "destination", subscription.destination(), "subscription", subscription.name());
            page.sample("sluice_subscription_lag", labels, subscription.lag());
            page.sample("sluice_subscription_in_flight", labels, subscription.inFlight());
            page.sample("sluice_subscription_consumed_total", labels, subscription.consumed());
            page.sample("sluice_subscription_oldest_unconsumed_age_seconds", labels,
                    seconds(subscription.oldestUnconsumedAgeMs()));
        }
        return true;
    }

    private static double seconds(Long millis) {
        return millis == null ? 0 : millis / 1000.0;
    }

    private static Map<String, String> labels(String... namesAndValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return labels;
    }
}
