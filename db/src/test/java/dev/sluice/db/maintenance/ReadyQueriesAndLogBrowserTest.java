package dev.sluice.db.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The web console's reads: the ready SQL queries, run read-only, and the newest messages of a destination. */
@ExtendWith(PostgresExtension.class)
class ReadyQueriesAndLogBrowserTest {

    private static Database database;

    @BeforeAll
    static void open(TestDatabase db) {
        database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static MessageRecord text(String body, long sentAt) {
        return new MessageRecord("ID:" + body, null, null, null, 4, true, sentAt, 0, 0, null, "test",
                "{\"n\": \"" + body + "\"}", null, 1, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyReadyQueryRunsAndNamesItsColumns() {
        Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "ready", 1);
        new LogStore(database.jdbi()).append(queue.id(), 0, List.of(text("one", System.currentTimeMillis())));

        assertThat(ReadyQueries.all()).extracting(ReadyQueries.ReadyQuery::name)
                .containsExactly("lag", "newest", "in-flight", "per-hour", "dead-letters");
        for (ReadyQueries.ReadyQuery query : ReadyQueries.all()) {
            assertThat(query.title()).isNotEqualTo(query.name());
            assertThat(query.sql()).startsWith("select").doesNotEndWith(";");
            ReadyQueries.Result result = new ReadyQueries(database.jdbi()).run(query);
            assertThat(result.columns()).as(query.name()).isNotEmpty();
        }
        assertThat(new ReadyQueries(database.jdbi()).run(ReadyQueries.named("newest").orElseThrow()).rows())
                .anySatisfy(row -> assertThat(row).contains("ready", "ID:one"));
    }

    @Test
    void aQueryRunsInAReadOnlyTransaction() {
        ReadyQueries.ReadyQuery delete = new ReadyQueries.ReadyQuery("delete", "delete",
                "delete from sluice.destination returning name");

        assertThatThrownBy(() -> new ReadyQueries(database.jdbi()).run(delete))
                .hasStackTraceContaining("read-only transaction");
    }

    @Test
    void theNewestMessagesComeNewestFirstFromEveryPartition() {
        Destination topic = new DestinationStore(database.jdbi()).create(DestinationKind.TOPIC, "browsed", 3);
        LogStore log = new LogStore(database.jdbi());
        long start = System.currentTimeMillis() - 100_000;
        for (int i = 0; i < 30; i++) {
            log.append(topic.id(), i % 3, List.of(text("m" + i, start + i * 1000L)));
        }

        List<BrowsedMessage> newest = new LogBrowser(database.jdbi()).newest(DestinationKind.TOPIC, "browsed", 5);

        List<String> bodies = new ArrayList<>();
        newest.forEach(message -> bodies.add(message.bodyText()));
        assertThat(bodies).containsExactly("m29", "m28", "m27", "m26", "m25");
        assertThat(newest.get(0).properties()).contains("\"n\": \"m29\"");
        assertThat(newest.get(0).partition()).isEqualTo(2);
        assertThat(newest.get(0).bodyType()).isEqualTo("text");
        assertThat(new LogBrowser(database.jdbi()).newest(DestinationKind.QUEUE, "browsed", 5)).isEmpty();
    }
}
