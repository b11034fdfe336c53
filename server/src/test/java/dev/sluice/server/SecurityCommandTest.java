package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.server.admin.AdminServer;
import dev.sluice.server.admin.MonitoringPool;
import dev.sluice.server.admin.ServerStatus;
import dev.sluice.server.maintenance.MaintenanceLoop;
import dev.sluice.testing.LoginRoles;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code sluice grant|revoke|grants} run in this JVM against real PostgreSQL roles: alice and bob are members of
 * sluice_client, the test database's superuser is the schema's owner. And the admin endpoint: loopback, read-only,
 * no message bodies.
 */
@ExtendWith(PostgresExtension.class)
class SecurityCommandTest {

    private static TestDatabase owner;
    private static TestDatabase alice;
    private static TestDatabase bob;

    @BeforeAll
    static void setUp(TestDatabase db) {
        owner = db;
        // migrated by the owner before the roles first connect
        Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .poolSize(1).build()).close();
        alice = LoginRoles.create(db, "cli_alice", "sluice_client");
        bob = LoginRoles.create(db, "cli_bob", "sluice_client");
    }

    @AfterAll
    static void tearDown(TestDatabase db) {
        LoginRoles.drop(db, alice, bob);
    }

    private static InProcessRun sluice(TestDatabase login, String... args) {
        return InProcessRun.sluice(login, args);
    }

    private static InProcessRun succeeds(TestDatabase login, String... args) {
        InProcessRun run = sluice(login, args);
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run).isZero();
        return run;
    }

    private static InProcessRun fails(TestDatabase login, String... args) {
        InProcessRun run = sluice(login, args);
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run).isEqualTo(SluiceCommand.EXIT_FAILURE);
        return run;
    }

    @Test
    void aGrantLetsARoleConsumeAnotherRolesQueueUntilItIsRevoked() {
        assertThat(succeeds(owner, "grant", "all", "on", "queue", "bob.*", "to", bob.user()).out())
                .contains("Granted send,consume,browse,create,delete,manage on queue bob.* to " + bob.user());
        succeeds(bob, "send", "bob.payroll", "salary 1");
        succeeds(bob, "send", "bob.payroll", "salary 2");

        assertThat(fails(alice, "consume", "bob.payroll", "-n", "1").err())
                .contains("Role " + alice.user() + " may not consume from queue 'bob.payroll'");
        assertThat(fails(alice, "queue", "delete", "bob.payroll").err())
                .contains("Role " + alice.user() + " may not delete queue 'bob.payroll'");

        succeeds(owner, "grant", "consume", "on", "queue", "bob.*", "to", alice.user());
        InProcessRun grants = succeeds(owner, "grants");
        assertThat(grants.out()).containsPattern("queue +\\| bob\\.\\* +\\| " + alice.user() + " +\\| consume ")
                .containsPattern("queue +\\| bob\\.\\* +\\| " + bob.user()
                        + " +\\| send,consume,browse,create,delete,manage ")
                .contains("Destinations no grant covers: open");
        assertThat(succeeds(alice, "consume", "bob.payroll", "-n", "1", "--body-only").out()).contains("salary");

        assertThat(succeeds(owner, "revoke", "consume", "on", "queue", "bob.*", "from", alice.user()).out())
                .contains("Revoked consume on queue bob.* from " + alice.user());
        assertThat(fails(alice, "consume", "bob.payroll", "-n", "1").err())
                .contains("may not consume from queue 'bob.payroll'");
        assertThat(fails(alice, "grant", "all", "on", "queue", "*", "to", alice.user()).err())
                .contains("only the schema's owner and members of sluice_admin");
    }

    @Test
    void theDefaultDecidesForDestinationsNoGrantCovers() {
        succeeds(alice, "send", "open.notes", "hello");
        assertThat(succeeds(owner, "grants", "default", "closed").out())
                .contains("Destinations no grant covers are now closed");
        try {
            assertThat(fails(alice, "send", "open.notes", "hello").err())
                    .contains("Role " + alice.user() + " may not send to queue 'open.notes'");
            assertThat(succeeds(owner, "grants", "default").out()).contains("are closed");
        } finally {
            succeeds(owner, "grants", "default", "open");
        }
        succeeds(alice, "send", "open.notes", "hello again");
    }

    @Test
    void revokingTheLastGrantOnAPatternWarnsThatTheDefaultOpensIt() {
        succeeds(owner, "grant", "send", "on", "topic", "alerts.*", "to", bob.user());
        InProcessRun revoked = succeeds(owner, "revoke", "send", "on", "topic", "alerts.*", "from", bob.user());
        assertThat(revoked.err()).contains("no grant is left on topic alerts.*", "every role may use it");
    }

    @Test
    void wrongGrantWordsAreUsageErrors() {
        for (String[] words : new String[][] {
                {"grant", "consume", "at", "queue", "x", "to", "bob"},
                {"grant", "eat", "on", "queue", "x", "to", "bob"},
                {"grant", "consume", "on", "table", "x", "to", "bob"},
                {"grant", "consume", "on", "queue", "x*y", "to", "bob"}}) {
            assertThat(sluice(owner, words).exitCode()).as(String.join(" ", words)).isEqualTo(SluiceCommand.EXIT_USAGE);
        }
        assertThat(fails(owner, "grant", "consume", "on", "queue", "x", "to", "nobody_" + UUID.randomUUID()
                .toString().substring(0, 8)).err()).contains("There is no PostgreSQL role named");
    }

    @Test
    void theAdminEndpointListensOnLoopbackIsReadOnlyAndShowsNoMessageBodies() throws Exception {
        String body = "confidential-" + UUID.randomUUID();
        succeeds(bob, "send", "bob.ledger", body);
        try (MonitoringPool monitoring = new MonitoringPool("security-test", owner.jdbcUrl(), owner.user(),
                owner.password());
             AdminServer admin = new AdminServer("127.0.0.1", 0, false, monitoring, new FixedStatus(),
                     new MaintenanceLoop("security-test", List.of(), Duration.ofMinutes(1), Clock.systemUTC()),
                     List.of())) {
            admin.start();
            URI base = admin.uri();
            assertThat(base.getHost()).isEqualTo("127.0.0.1");
            for (String path : List.of("health", "metrics", "api/destinations", "api/destinations/bob.ledger")) {
                HttpResponse<String> response = AdminClient.get(base, path);
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.body()).as(path).doesNotContain(body);
            }
            assertThat(AdminClient.get(base, "api/destinations/bob.ledger").body()).contains("bob.ledger");
            for (String method : List.of("POST", "PUT", "DELETE")) {
                for (String path : List.of("api/destinations/bob.ledger", "no/such/path")) {
                    assertThat(send(base, method, path).statusCode()).as(method + " " + path).isEqualTo(405);
                }
            }
        }
    }

    private static HttpResponse<String> send(URI base, String method, String path)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static final class FixedStatus implements ServerStatus {
        private final Instant startedAt = Instant.now();

        @Override
        public String serverId() {
            return "security-test";
        }

        @Override
        public boolean leader() {
            return false;
        }

        @Override
        public Optional<String> leaderId() {
            return Optional.empty();
        }

        @Override
        public List<String> members() {
            return List.of();
        }

        @Override
        public Instant startedAt() {
            return startedAt;
        }
    }
}
