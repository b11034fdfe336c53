package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.Await;
import dev.sluice.testing.ChildJvm;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice server} on its embedded PostgreSQL in a child JVM, and the client commands as further child JVMs
 * that reach it through the JDBC URL it printed: the way an operator uses Sluice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedServerProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path folder;
    private ServerProcess server;

    @BeforeAll
    void startServer(@TempDir Path temporaryFolder) {
        folder = temporaryFolder;
        server = ServerProcess.start("--data-dir", folder.resolve("data").toString(), "--maintenance-interval",
                "200ms");
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private CommandRun sluice(String... args) {
        return CommandRun.finish(launch(args));
    }

    private ChildJvm launch(String... args) {
        String[] withUrl = new String[args.length + 2];
        System.arraycopy(args, 0, withUrl, 0, args.length);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = server.jdbcUrl();
        return CommandRun.start(withUrl);
    }

    @Test
    @Order(1)
    void serverPrintsTheUrlOfItsEmbeddedDatabaseAndLeads() {
        assertThat(server.jdbcUrl()).startsWith("jdbc:postgresql://localhost:");
        assertThat(folder.resolve("data").resolve(ServerUrlFile.NAME)).content().contains(server.jdbcUrl());
        server.child().awaitLine("is the leader and runs maintenance", Duration.ofSeconds(30));
    }

    @Test
    @Order(2)
    void clientsInOtherProcessesCreateSendConsumeAndDescribe() {
        // Runs beside the others, to save a JVM start: a consumer that gets fewer messages than it asked for.
        ChildJvm scarce = launch("consume", "scarce", "--count", "2", "--timeout", "300ms", "--body-only");
        CommandRun create = sluice("queue", "create", "orders", "--partitions", "2", "--retention", "7d");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(create.text()).contains("Created queue 'orders' with 2 partitions, retention 7d");

        CommandRun send = sluice("send", "orders", "order {n}", "--count", "3", "-p", "orderId:int=42",
                "-p", "region=eu");
        assertThat(send.exitCode()).as(send.toString()).isZero();
        assertThat(send.text()).contains("Sent 3 messages to queue 'orders'");

        CommandRun consume = sluice("consume", "orders", "--count", "2");
        assertThat(consume.exitCode()).as(consume.toString()).isZero();
        assertThat(consume.output()).contains("body (text): order 1", "body (text): order 2",
                "property orderId (Integer): 42", "property region (String): eu", "JMSRedelivered:    false");
        assertThat(consume.text()).doesNotContain("order 3").contains("Received 2 messages from queue 'orders'");

        CommandRun describe = sluice("queue", "describe", "orders");
        assertThat(describe.exitCode()).as(describe.toString()).isZero();
        assertThat(describe.text()).contains("messages in:       3", "messages out:      2", "retention:         7d");
        String subscriptionRow = describe.output().stream().filter(line -> line.contains("(queue)")).findFirst()
                .orElseThrow(() -> new AssertionError("no subscription row in\n" + describe.text()));
        assertThat(subscriptionRow.split("\\|")).extracting(String::trim)
                .containsSequence("1", "0", "2"); // lag, in flight, consumed

        CommandRun fewer = CommandRun.finish(scarce);
        assertThat(fewer.exitCode()).as(fewer.toString()).isEqualTo(1);
        assertThat(fewer.text()).contains("sluice: Received 0 of 2 messages from queue 'scarce'");
    }

    @Test
    @Order(2)
    void deadLetterSettingsAreCheckedBeforeAnythingIsCreatedThenShownAndChanged() {
        ChildJvm badRetention = launch("queue", "create", "payments", "--retention", "xyz");
        ChildJvm badMaximum = launch("queue", "create", "payments", "--max-deliveries", "0");
        for (CommandRun refused : new CommandRun[] {CommandRun.finish(badRetention), CommandRun.finish(badMaximum)}) {
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        }
        CommandRun describeMissing = sluice("queue", "describe", "payments");
        assertThat(describeMissing.text()).as("nothing was created").contains("There is no queue named 'payments'");

        CommandRun create = sluice("queue", "create", "payments", "--max-deliveries", "3", "--dead-letter-queue",
                "payments.dead");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(create.text()).contains("dead letters after 3 deliveries to queue 'payments.dead'");
        CommandRun update = sluice("queue", "update", "payments", "--dead-letter-queue", "none", "--redelivery-delay",
                "5s", "--redelivery-multiplier", "2", "--max-redelivery-delay", "1m");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        CommandRun describe = sluice("queue", "describe", "payments");
        assertThat(describe.text()).contains("dead letters:      never: redelivered until acknowledged",
                "redelivery:        after 5000 ms, x2.0 each time, at most 60000 ms");
    }

    @Test
    @Order(2)
    void deadLettersAreListedAndReplayedToWhereTheyCameFrom() {
        CommandRun create = sluice("queue", "create", "refunds", "--max-deliveries", "1", "--dead-letter-queue",
                "refunds.dead");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(sluice("send", "refunds", "refund 1", "-p", "customer=7").exitCode()).isZero();
        // received once and never acknowledged: released when the consumer closes, the last delivery allowed
        CommandRun failed = sluice("consume", "refunds", "-n", "1", "--no-ack", "--body-only");
        assertThat(failed.text()).as(failed.toString()).contains("refund 1");

        CommandRun list = sluice("dlq", "list", "--queue", "refunds.dead");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        String row = list.output().stream().filter(line -> line.contains("queue://refunds")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for queue://refunds in\n" + list.text()));
        assertThat(row.split("\\|")).extracting(String::trim).contains("1",
                "delivered 1 times without being acknowledged (the destination allows 1)");

        CommandRun replay = sluice("dlq", "replay", "--queue", "refunds.dead", "--timeout", "500ms");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        assertThat(replay.text()).contains("Replayed 1 dead letter to queue://refunds");
        CommandRun again = sluice("consume", "refunds", "-n", "1");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.output()).contains("body (text): refund 1", "property customer (String): 7",
                "JMSRedelivered:    false");
        assertThat(again.text()).doesNotContain("SluiceOriginalDestination");
        assertThat(sluice("dlq", "list", "--queue", "refunds.dead").text()).doesNotContain("queue://refunds");
    }

    @Test
    @Order(2)
    void anExpiredMessageMovesToTheExpiryQueueTheDestinationNames() {
        CommandRun refused = sluice("queue", "create", "tickets", "--expiry-queue", "bad name!");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.text()).contains("Invalid --expiry-queue");
        CommandRun create = sluice("queue", "create", "tickets", "--expiry-queue", "tickets.expired");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(create.text()).contains("expired messages to queue 'tickets.expired'");
        assertThat(sluice("queue", "describe", "tickets").text()).contains(
                "expired messages:  to queue 'tickets.expired'");
        assertThat(sluice("send", "tickets", "ticket 1", "--ttl", "100ms").exitCode()).isZero();

        // the server's maintenance moves it: nobody consumed it before it expired
        CommandRun moved = sluice("consume", "tickets.expired", "-n", "1", "--timeout", "30s", "--no-ack");
        assertThat(moved.exitCode()).as(moved.toString()).isZero();
        assertThat(moved.output()).contains("body (text): ticket 1",
                "property SluiceOriginalDestination (String): queue://tickets");
        String row = sluice("dlq", "list", "--queue", "tickets.expired").output().stream()
                .filter(line -> line.contains("queue://tickets")).findFirst().orElseThrow();
        assertThat(row).contains("before it was consumed");

        CommandRun update = sluice("queue", "update", "tickets", "--expiry-queue", "none");
        assertThat(update.text()).as(update.toString()).contains("Expired messages of queue 'tickets': dropped");
    }

    @Test
    @Order(2)
    void tailFollowsADestinationThatDoesNotExistYet() {
        ChildJvm tail = launch("tail", "topic://ticks", "-n", "1");
        tail.awaitLine("Following topic 'ticks'", Duration.ofSeconds(60));
        assertThat(sluice("send", "topic://ticks", "tick 1").exitCode()).isZero();
        CommandRun followed = CommandRun.finish(tail);
        assertThat(followed.exitCode()).as(followed.toString()).isZero();
        assertThat(followed.text()).contains("tick 1");
    }

    @Test
    @Order(4)
    void metricsMatchWhatWasSentAndConsumed() {
        // After the test above: 3 messages of 7 bytes sent to 'orders', 2 consumed, 1 left.
        // Bytes are counted by the maintenance leader at its next run.
        Await.until(() -> AdminClient.metrics(server.adminUri())
                        .value("sluice_destination_bytes_in_total", "destination", "orders").orElse(0.0) == 21,
                Duration.ofSeconds(30), () -> "bytes of 'orders' not counted");
        PrometheusText metrics = AdminClient.metrics(server.adminUri());
        String[] queue = {"kind", "queue", "destination", "orders"};
        assertThat(metrics.value("sluice_destination_messages_in_total", queue)).contains(3.0);
        assertThat(metrics.value("sluice_destination_messages_out_total", queue)).contains(2.0);
        assertThat(metrics.value("sluice_destination_bytes_stored", queue)).contains(21.0);
        assertThat(metrics.value("sluice_destination_partitions", queue)).contains(2.0);
        assertThat(metrics.value("sluice_destination_subscriptions", queue)).contains(1.0);
        assertThat(metrics.value("sluice_destination_oldest_unconsumed_age_seconds", queue)).get()
                .satisfies(age -> assertThat(age).isGreaterThan(0));
        String[] subscription = {"destination", "orders", "subscription", "(queue)"};
        assertThat(metrics.value("sluice_subscription_lag", subscription)).contains(1.0);
        assertThat(metrics.value("sluice_subscription_in_flight", subscription)).contains(0.0);
        assertThat(metrics.value("sluice_subscription_consumed_total", subscription)).contains(2.0);
        assertThat(metrics.value("sluice_server_leader")).contains(1.0);
        assertThat(metrics.value("sluice_maintenance_runs_total")).get()
                .satisfies(runs -> assertThat(runs).isGreaterThan(0));
        assertThat(metrics.value("sluice_maintenance_duty_failures_total", "duty", "retention")).contains(0.0);
        assertThat(metrics.value("sluice_database_up")).contains(1.0);
        assertThat(metrics.type("sluice_destination_messages_in_total")).isEqualTo("counter");
        assertThat(metrics.type("sluice_subscription_lag")).isEqualTo("gauge");
    }

    @Test
    @Order(5)
    void adminApiDescribesDestinationsAsJson() throws Exception {
        HttpResponse<String> health = AdminClient.get(server.adminUri(), "health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");

        HttpResponse<String> all = AdminClient.get(server.adminUri(), "api/destinations");
        assertThat(all.statusCode()).isEqualTo(200);
        List<String> names = JSON.readTree(all.body()).findValuesAsText("name");
        assertThat(names).contains("orders", "scarce");

        HttpResponse<String> one = AdminClient.get(server.adminUri(), "api/destinations/orders");
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        JsonNode orders = JSON.readTree(one.body());
        assertThat(orders.path("kind").asText()).isEqualTo("queue");
        assertThat(orders.path("messagesIn").asLong()).isEqualTo(3);
        assertThat(orders.path("retentionMs").asLong()).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(orders.path("partitionDetails")).hasSize(2);
        assertThat(orders.path("subscriptionDetails").get(0).path("lag").asLong()).isEqualTo(1);

        assertThat(AdminClient.get(server.adminUri(), "api/destinations/missing").statusCode()).isEqualTo(404);
        assertThat(AdminClient.get(server.adminUri(), "nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void sigtermStopsTheServerAndItsDatabaseCleanly() {
        ChildJvm child = server.child();
        child.process().toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output pipe
        assertThat(child.awaitExit(Duration.ofSeconds(60))).as(String.join("\n", child.output())).isZero();
        assertThat(child.output()).anyMatch(line -> line.contains("Embedded PostgreSQL on")
                && line.contains("stopped"));
        assertThat(child.output().get(child.output().size() - 1)).contains("stopped");
        assertThat(Files.exists(folder.resolve("data").resolve(ServerUrlFile.NAME))).isFalse();
        assertThat(Files.exists(folder.resolve("data").resolve("postmaster.pid"))).isFalse();
    }
}
