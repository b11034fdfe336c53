package dev.sluice.server.admin.console;

import dev.sluice.db.maintenance.DestinationStatistics;
import dev.sluice.db.maintenance.LogStatistics;
import dev.sluice.db.maintenance.SubscriptionStatistics;
import dev.sluice.server.command.Ages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's first page, {@code /}: charts of the last minutes (messages in and out per second, lag) and every
 * destination with its figures, read as {@code /metrics} reads them; the rates come from the {@link SampleRing}.
 * Thread-safe.
 */
final class OverviewPage {

    private final LogStatistics statistics;
    private final SampleRing ring;

    OverviewPage(LogStatistics statistics, SampleRing ring) {
        this.statistics = statistics;
        this.ring = ring;
    }

    String render() {
        List<DestinationStatistics> destinations = statistics.destinations();
        Map<Integer, Long> lag = new HashMap<>();
        for (SubscriptionStatistics subscription : statistics.subscriptions()) {
            lag.merge(subscription.destinationId(), subscription.lag(), Long::sum);
        }
        List<List<Object>> rows = new ArrayList<>();
        long temporary = 0;
        for (DestinationStatistics destination : destinations) {
            if (destination.temporary()) {
                temporary++;
                continue;
            }
            String key = key(destination);
            Optional<SampleRing.Rates> rates = ring.latestRates(key);
            rows.add(List.of(destination.kind().sqlName(),
                    Html.link(DestinationPage.href(destination.kind(), destination.name()), destination.name()),
                    destination.partitions(), destination.subscriptions(), lag.getOrDefault(destination.id(), 0L),
                    rates.map(r -> rate(r.in())).orElse("–"), rates.map(r -> rate(r.out())).orElse("–"),
                    destination.messagesIn(), destination.messagesOut(),
                    Ages.format(destination.oldestUnconsumedAgeMs())));
        }
        String body = Charts.section("/console/charts.json")
                + Html.table("destinations", List.of("kind", "name", "partitions", "subscriptions", "lag", "in/s",
                        "out/s", "messages in", "messages out", "oldest unconsumed"), rows)
                + "<p class=\"note\">Lag: messages the destination's subscriptions have not finished, summed (a"
                + " queue's depth). Rates over the last " + Charts.INTERVAL.toSeconds() + " s; charts over the last "
                + Charts.WINDOW.toMinutes() + " minutes. " + temporary + " temporary destination"
                + (temporary == 1 ? "" : "s") + " not shown.</p>";
        return Layout.page("Destinations", true, Html.raw(body));
    }

    static String key(DestinationStatistics destination) {
        return destination.kind().sqlName() + "://" + destination.name();
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }
}
