package dev.sluice.db.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.db.AccessDeniedException;
import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.testing.LoginRoles;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-destination permissions are enforced by PostgreSQL itself (V13): through plain SQL on the tables and the
 * views, a role sees and changes only what its grants (or the default) allow. Roles alice and bob are members of
 * sluice_client; bob holds every permission on bob.*; dave is in no Sluice group.
 */
@ExtendWith(PostgresExtension.class)
class SecurityPolicyTest {

    private static Database owner;
    private static GrantStore grants;
    private static TestDatabase alice;
    private static TestDatabase bob;
    private static TestDatabase dave;
    private static TestDatabase carol;
    private static Destination payroll;

    @BeforeAll
    static void setUp(TestDatabase db) throws SQLException {
        owner = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .poolSize(2).build());
        alice = LoginRoles.create(db, "policy_alice", "sluice_client");
        bob = LoginRoles.create(db, "policy_bob", "sluice_client");
        dave = LoginRoles.create(db, "policy_dave");
        carol = LoginRoles.create(db, "policy_carol", "sluice_admin");
        grants = new GrantStore(owner.jdbi());
        grants.grant(EnumSet.allOf(Permission.class), DestinationKind.QUEUE, "bob.*", bob.user());
        payroll = new DestinationStore(owner.jdbi()).create(DestinationKind.QUEUE, "bob.payroll", 2);
        try (Connection connection = bob.connect()) {
            insertMessage(connection, payroll.id(), 0, "salary 1");
            insertMessage(connection, payroll.id(), 1, "salary 2");
        }
    }

    @AfterAll
    static void tearDown(TestDatabase db) {
        owner.close();
        LoginRoles.drop(db, alice, bob, dave, carol);
    }

    private static void insertMessage(Connection connection, int destinationId, long offset, String text)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into sluice.message (destination_id,"
                + " partition, log_offset, sent_at, body_type, body) values (?, 0, ?, 0, 1, convert_to(?, 'UTF8'))")) {
            insert.setInt(1, destinationId);
            insert.setLong(2, offset);
            insert.setString(3, text);
            insert.executeUpdate();
        }
    }

    private static long count(TestDatabase login, String sql) throws SQLException {
        try (Connection connection = login.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int update(TestDatabase login, String sql) throws SQLException {
        try (Connection connection = login.connect(); Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    @Test
    void aRoleWithoutGrantsSeesNoneOfAnotherRolesDestinationThroughTheTablesOrTheViews() throws SQLException {
        int id = payroll.id();
        assertThat(count(bob, "select count(*) from sluice.messages where destination = 'bob.payroll'")).isEqualTo(2);
        for (String query : new String[] {
                "select count(*) from sluice.message where destination_id = " + id,
                "select count(*) from sluice.destination where destination_id = " + id,
                "select count(*) from sluice.log_partition where destination_id = " + id,
                "select count(*) from sluice.subscription where destination_id = " + id,
                "select count(*) from sluice.subscription_cursor where destination_id = " + id,
                "select count(*) from sluice.messages where destination = 'bob.payroll'",
                "select count(*) from sluice.subscription_lag where destination = 'bob.payroll'"}) {
            assertThat(count(alice, query)).as(query).isZero();
        }
    }

    @Test
    void aRoleWithoutGrantsCannotChangeAnotherRolesMessages() throws SQLException {
        int id = payroll.id();
        SQLException insert;
        try (Connection connection = alice.connect()) {
            insert = assertThrows(SQLException.class, () -> insertMessage(connection, id, 99, "forged"));
        }
        assertThat(insert.getSQLState()).isEqualTo(AccessDeniedException.SQL_STATE);
        assertThat(update(alice, "delete from sluice.message where destination_id = " + id)).isZero();
        assertThat(update(alice, "update sluice.log_partition set next_offset = 0 where destination_id = " + id))
                .isZero();
        assertThat(update(alice, "delete from sluice.destination where destination_id = " + id)).isZero();
        assertThat(update(alice, "delete from sluice.subscription where destination_id = " + id)).isZero();
        assertThat(count(bob, "select count(*) from sluice.message where destination_id = " + id)).isEqualTo(2);
    }

    @Test
    void aBrowseGrantShowsTheMessagesUntilItIsRevokedAndAllowsNothingElse() throws SQLException {
        String ofPayroll = "select count(*) from sluice.messages where destination = 'bob.payroll'";
        grants.grant(Set.of(Permission.BROWSE), DestinationKind.QUEUE, "bob.payroll", alice.user());
        try {
            assertThat(count(alice, ofPayroll)).isEqualTo(2);
            assertThat(update(alice, "delete from sluice.message where destination_id = " + payroll.id())).isZero();
            try (Connection connection = alice.connect()) {
                assertThrows(SQLException.class, () -> insertMessage(connection, payroll.id(), 98, "forged"));
            }
        } finally {
            grants.revoke(Set.of(Permission.BROWSE), DestinationKind.QUEUE, "bob.payroll", alice.user());
        }
        assertThat(count(alice, ofPayroll)).isZero();
    }

    @Test
    void aConsumeGrantIsNotABrowseGrantForTheMessagesView() throws SQLException {
        grants.grant(Set.of(Permission.CONSUME), DestinationKind.QUEUE, "bob.payroll", alice.user());
        try {
            assertThat(count(alice, "select count(*) from sluice.message where destination_id = " + payroll.id()))
                    .isEqualTo(2);
            assertThat(count(alice, "select count(*) from sluice.messages where destination = 'bob.payroll'"))
                    .isZero();
        } finally {
            grants.revoke(Set.of(Permission.CONSUME), DestinationKind.QUEUE, "bob.payroll", alice.user());
        }
    }

    @Test
    void aPatternGrantCoversADestinationCreatedAfterIt() throws SQLException {
        grants.grant(Set.of(Permission.SEND, Permission.BROWSE), DestinationKind.QUEUE, "alice.*", alice.user());
        Destination later = new DestinationStore(owner.jdbi()).create(DestinationKind.QUEUE, "alice.invoices.eu", 1);
        try (Connection connection = alice.connect()) {
            insertMessage(connection, later.id(), 0, "invoice 1");
        }
        assertThat(count(alice, "select count(*) from sluice.messages where destination = 'alice.invoices.eu'"))
                .isEqualTo(1);
        assertThat(count(bob, "select count(*) from sluice.messages where destination = 'alice.invoices.eu'"))
                .isZero();
    }

    @Test
    void theDefaultDecidesForDestinationsNoGrantCovers() throws SQLException {
        Destination shared = new DestinationStore(owner.jdbi()).create(DestinationKind.TOPIC, "shared.news", 1);
        String visible = "select count(*) from sluice.destination where destination_id = " + shared.id();
        assertThat(grants.defaultAccess()).isEqualTo(DefaultAccess.OPEN);
        assertThat(count(alice, visible)).isEqualTo(1);
        grants.setDefaultAccess(DefaultAccess.CLOSED);
        try {
            assertThat(count(alice, visible)).isZero();
            assertThat(count(carol, visible)).as("a member of sluice_admin").isEqualTo(1);
        } finally {
            grants.setDefaultAccess(DefaultAccess.OPEN);
        }
    }

    @Test
    void aTemporaryDestinationBelongsToItsCreatorAndOthersMayOnlySendToIt() throws SQLException {
        int id;
        try (Connection connection = alice.connect(); Statement sql = connection.createStatement();
             ResultSet created = sql.executeQuery("insert into sluice.destination (name, kind, partition_count,"
                     + " owner_session) values ('tmp.alice.1', 'queue', 1, 1) returning destination_id")) {
            created.next();
            id = created.getInt(1);
        }
        try (Connection connection = bob.connect()) {
            insertMessage(connection, id, 0, "reply");
        }
        assertThat(count(bob, "select count(*) from sluice.message where destination_id = " + id)).isZero();
        assertThat(count(alice, "select count(*) from sluice.message where destination_id = " + id)).isEqualTo(1);
        SQLException forged = assertThrows(SQLException.class, () -> update(bob, "insert into sluice.destination"
                + " (name, kind, partition_count, owner_session, created_by) values ('tmp.x.1', 'queue', 1, 1, '"
                + alice.user() + "')"));
        assertThat(forged.getSQLState()).isEqualTo(AccessDeniedException.SQL_STATE);
    }

    @Test
    void aRoleAsksOnlyAboutItsOwnPermissions() throws SQLException {
        assertThat(count(alice, "select cardinality(sluice.permissions('queue', 'bob.payroll'))")).isZero();
        assertThat(count(bob, "select cardinality(sluice.permissions('queue', 'bob.payroll'))")).isEqualTo(6);
        assertThat(count(bob, "select sluice.may('queue', 'bob.payroll', 'consume')::int")).isEqualTo(1);
        assertThat(count(alice, "select sluice.may('queue', 'bob.payroll', 'consume')::int")).isZero();
        String access = "select count(*) from sluice.current_role_access where destination_id = " + payroll.id();
        assertThat(count(bob, access)).isEqualTo(6);
        assertThat(count(alice, access)).isZero();
        SQLException refused = assertThrows(SQLException.class, () -> count(alice,
                "select cardinality(sluice.permissions('queue', 'bob.payroll', '" + bob.user() + "'))"));
        assertThat(refused.getSQLState()).isEqualTo(AccessDeniedException.SQL_STATE);
    }

    @Test
    void aRoleOutsideTheClientGroupIsToldWhichGrantItLacks() {
        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> Database.open(
                DatabaseConfig.builder().jdbcUrl(dave.jdbcUrl()).user(dave.user()).password(dave.password()).build()));
        assertThat(refused).hasMessageContaining("Role " + dave.user() + " may not use Sluice's schema 'sluice'")
                .hasMessageContaining("GRANT sluice_client TO " + dave.user());
    }

    @Test
    void aClientRoleConnectsAndAsksWithoutMigrating() {
        try (Database asAlice = Database.open(DatabaseConfig.builder().jdbcUrl(alice.jdbcUrl()).user(alice.user())
                .password(alice.password()).poolSize(1).build())) {
            DestinationAccess access = new DestinationAccess(asAlice.jdbi());
            assertThat(access.seesEverything()).isFalse();
            PermissionDeniedException denied = assertThrows(PermissionDeniedException.class,
                    () -> access.require(DestinationKind.QUEUE, "bob.payroll", Permission.CONSUME, false));
            assertThat(denied).hasMessageStartingWith("Role " + alice.user() + " may not consume from queue"
                    + " 'bob.payroll': it has no consume permission there");
            AccessDeniedException notAdmin = assertThrows(AccessDeniedException.class,
                    () -> new GrantStore(asAlice.jdbi()).grant(Set.of(Permission.CONSUME), DestinationKind.QUEUE,
                            "bob.*", alice.user()));
            assertThat(notAdmin).hasMessageContaining("sluice_admin");
        }
    }
}
