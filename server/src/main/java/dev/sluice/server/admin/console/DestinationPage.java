package dev.sluice.server.admin.console;

import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.maintenance.DestinationStatistics;
import dev.sluice.db.maintenance.LogBrowser;
import dev.sluice.db.maintenance.LogStatistics;
import dev.sluice.db.maintenance.PartitionStatistics;
import dev.sluice.db.maintenance.SubscriptionStatistics;
import dev.sluice.server.command.Ages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /destinations/{kind}/{name}}: one destination's figures and charts, its partitions, its subscriptions
 * and its newest {@value #NEWEST} messages. Thread-safe.
 */
final class DestinationPage {

    static final String PATH = "/destinations/";
    static final int NEWEST = 20;

    private final LogStatistics statistics;
    private final LogBrowser browser;

    DestinationPage(LogStatistics statistics, LogBrowser browser) {
        this.statistics = statistics;
        this.browser = browser;
    }

    static String href(DestinationKind kind, String name) {
        return PATH + kind.sqlName() + "/" + Html.pathSegments(name);
    }

    /**
     * The page, or empty when there is no such destination; with {@code contentShown} false the messages are shown
     * without properties and bodies.
     */
    Optional<String> render(DestinationKind kind, String name, boolean contentShown) {
        Optional<DestinationStatistics> found = statistics.destination(kind, name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DestinationStatistics destination = found.get();
        StringBuilder body = new StringBuilder()
                .append(summary(destination))
                .append(Charts.section("/console/charts.json?destination="
                        + Html.pathSegments(OverviewPage.key(destination))))
                .append("<h2>Partitions</h2>").append(partitions(destination.id()))
                .append("<h2>Subscriptions</h2>").append(subscriptions(destination.id()))
                .append("<h2>Newest messages</h2>")
                .append(MessageList.table("messages", browser.newest(kind, name, NEWEST), contentShown))
                .append("<p class=\"note\">The newest ").append(NEWEST).append(" messages the log holds, from the"
                        + " view sluice.messages; a message stays in the log after it is consumed until retention"
                        + " or the vacuum removes it.</p>");
        return Optional.of(Layout.page(kind.sqlName() + " " + name, true, Html.raw(body.toString())));
    }

    private static Html.Raw summary(DestinationStatistics destination) {
        return Html.table("summary", List.of("kind", "partitions", "subscriptions", "messages in", "messages out",
                "body bytes stored", "oldest unconsumed", "retention", "created"), List.of(List.of(
                destination.kind().sqlName(), destination.partitions(), destination.subscriptions(),
                destination.messagesIn(), destination.messagesOut(), destination.bytesStored(),
                Ages.format(destination.oldestUnconsumedAgeMs()), retention(destination),
                String.valueOf(destination.createdAt()))));
    }

    private static String retention(DestinationStatistics destination) {
        if (destination.retentionMs() == null && destination.retentionBytes() == null) {
            return "until consumed";
        }
        List<String> limits = new ArrayList<>();
        if (destination.retentionMs() != null) {
            limits.add(Ages.format(destination.retentionMs()));
        }
        if (destination.retentionBytes() != null) {
            limits.add(destination.retentionBytes() + " bytes per partition");
        }
        return String.join(", ", limits);
    }

    private Html.Raw partitions(int destinationId) {
        List<List<Object>> rows = new ArrayList<>();
        for (PartitionStatistics partition : statistics.partitions(destinationId)) {
            rows.add(List.of(partition.partition(), partition.startOffset(), partition.nextOffset(),
                    partition.nextOffset() - partition.startOffset(), partition.bytesStored(),
                    partition.messagesExpired(), partition.messagesRetention()));
        }
        return Html.table("partitions", List.of("partition", "start offset", "next offset", "in the log",
                "body bytes stored", "expired", "removed by retention"), rows);
    }

    private Html.Raw subscriptions(int destinationId) {
        List<List<Object>> rows = new ArrayList<>();
        for (SubscriptionStatistics subscription : statistics.subscriptions(destinationId)) {
            String kind = subscription.kind() == DestinationKind.QUEUE ? "the queue's"
                    : subscription.nonDurable() ? "non-durable" : subscription.durable() ? "durable" : "";
            if (subscription.shared() && subscription.kind() == DestinationKind.TOPIC) {
                kind = kind.isEmpty() ? "shared" : kind + ", shared";
            }
            rows.add(List.of(subscription.name(), kind, subscription.clientId() == null ? "" : subscription.clientId(),
                    subscription.selector() == null ? "" : subscription.selector(), subscription.lag(),
                    subscription.inFlight(), subscription.consumed(),
                    Ages.format(subscription.oldestUnconsumedAgeMs())));
        }
        return Html.table("subscriptions", List.of("name", "kind", "client ID", "selector", "lag", "in flight",
                "consumed", "oldest unconsumed"), rows);
    }
}
