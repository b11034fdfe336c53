package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.security.GrantStore;
import dev.sluice.db.security.Permission;
import dev.sluice.testing.LoginRoles;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-destination permissions at the JMS operations: roles alice and bob (members of sluice_client) share one
 * database; bob holds every permission on bob.*. A denied operation is a JMSSecurityException naming the role, the
 * destination and the permission, and the connection stays usable; grants and revokes apply to new operations.
 */
@ExtendWith(PostgresExtension.class)
class SecurityTest {

    private static final long RECEIVE_MS = Timing.seconds(10).toMillis();

    private static Database owner;
    private static GrantStore grants;
    private static TestDatabase alice;
    private static TestDatabase bob;
    private static TestDatabase dave;

    @BeforeAll
    static void setUp(TestDatabase db) {
        owner = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .poolSize(2).build());
        grants = new GrantStore(owner.jdbi());
        alice = LoginRoles.create(db, "jms_alice", "sluice_client");
        bob = LoginRoles.create(db, "jms_bob", "sluice_client");
        dave = LoginRoles.create(db, "jms_dave");
        grants.grant(EnumSet.allOf(Permission.class), DestinationKind.QUEUE, "bob.*", bob.user());
    }

    @AfterAll
    static void tearDown(TestDatabase db) {
        owner.close();
        LoginRoles.drop(db, alice, bob, dave);
    }

    private static void send(TestDatabase login, String queue, String text) throws JMSException {
        try (Connection connection = JmsTestSupport.factory(login).createConnection()) {
            Session session = connection.createSession();
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage(text));
        }
    }

    private static void assertDenied(JMSSecurityException denied, String role, String queue, Permission permission) {
        assertThat(denied).hasMessageStartingWith("Role " + role + " may not")
                .hasMessageContaining("queue '" + queue + "'")
                .hasMessageContaining("no " + permission.sqlName() + " permission");
    }

    @Test
    void aRoleIsDeniedSendConsumeAndBrowseOnAnotherRolesQueueAndItsConnectionStaysUsable() throws JMSException {
        send(bob, "bob.payroll", "salary");
        try (Connection connection = JmsTestSupport.factory(alice).createConnection()) {
            connection.start();
            Session session = connection.createSession();
            Queue payroll = session.createQueue("bob.payroll");
            assertDenied(assertThrows(JMSSecurityException.class, () -> session.createProducer(payroll)),
                    alice.user(), "bob.payroll", Permission.SEND);
            assertDenied(assertThrows(JMSSecurityException.class, () -> session.createProducer(null)
                    .send(payroll, session.createTextMessage("forged"))), alice.user(), "bob.payroll", Permission.SEND);
            assertDenied(assertThrows(JMSSecurityException.class, () -> session.createConsumer(payroll)),
                    alice.user(), "bob.payroll", Permission.CONSUME);
            assertDenied(assertThrows(JMSSecurityException.class, () -> session.createBrowser(payroll)),
                    alice.user(), "bob.payroll", Permission.BROWSE);

            Queue notes = session.createQueue("alice.notes");
            session.createProducer(notes).send(session.createTextMessage("still usable"));
            assertThat(((TextMessage) session.createConsumer(notes).receive(RECEIVE_MS)).getText())
                    .isEqualTo("still usable");
        }
        try (Connection connection = JmsTestSupport.factory(bob).createConnection()) {
            connection.start();
            Session session = connection.createSession();
            assertThat(((TextMessage) session.createConsumer(session.createQueue("bob.payroll")).receive(RECEIVE_MS))
                    .getText()).isEqualTo("salary");
        }
    }

    @Test
    void theSimplifiedApiThrowsTheRuntimeTwin() {
        try (JMSContext context = JmsTestSupport.factory(alice).createContext()) {
            Queue payroll = context.createQueue("bob.payroll");
            JMSSecurityRuntimeException consume = assertThrows(JMSSecurityRuntimeException.class,
                    () -> context.createConsumer(payroll));
            assertThat(consume).hasMessageContaining(alice.user()).hasMessageContaining("bob.payroll")
                    .hasMessageContaining("consume");
            JMSSecurityRuntimeException send = assertThrows(JMSSecurityRuntimeException.class,
                    () -> context.createProducer().send(payroll, "forged"));
            assertThat(send).hasMessageContaining(alice.user()).hasMessageContaining("send");
            context.createProducer().send(context.createQueue("alice.context"), "fine");
        }
    }

    @Test
    void aPatternGrantCoversAQueueCreatedAfterIt() throws JMSException {
        grants.grant(EnumSet.allOf(Permission.class), DestinationKind.QUEUE, "team.*", bob.user());
        assertDenied(assertThrows(JMSSecurityException.class, () -> send(alice, "team.early", "no")),
                alice.user(), "team.early", Permission.SEND);
        grants.grant(Set.of(Permission.SEND, Permission.CREATE), DestinationKind.QUEUE, "team.*", alice.user());
        send(alice, "team.reports.eu", "report");
        try (Connection connection = JmsTestSupport.factory(bob).createConnection()) {
            connection.start();
            Session session = connection.createSession();
            MessageConsumer consumer = session.createConsumer(session.createQueue("team.reports.eu"));
            assertThat(((TextMessage) consumer.receive(RECEIVE_MS)).getText()).isEqualTo("report");
        }
    }

    @Test
    void aRevokeRefusesNewOperationsAndTheSendsOfAProducerMadeBeforeIt() throws JMSException {
        send(bob, "bob.inbox", "first");
        grants.grant(Set.of(Permission.SEND, Permission.CONSUME), DestinationKind.QUEUE, "bob.inbox", alice.user());
        try (Connection connection = JmsTestSupport.factory(alice).createConnection()) {
            connection.start();
            Session session = connection.createSession();
            Queue inbox = session.createQueue("bob.inbox");
            MessageProducer producer = session.createProducer(inbox);
            producer.send(session.createTextMessage("from alice"));
            MessageConsumer consumer = session.createConsumer(inbox);
            assertThat(JmsTestSupport.receiveTexts(consumer, 2, RECEIVE_MS))
                    .containsExactlyInAnyOrder("first", "from alice");
            consumer.close();

            grants.revoke(Set.of(Permission.SEND, Permission.CONSUME), DestinationKind.QUEUE, "bob.inbox",
                    alice.user());
            assertDenied(assertThrows(JMSSecurityException.class, () -> session.createConsumer(inbox)),
                    alice.user(), "bob.inbox", Permission.CONSUME);
            assertDenied(assertThrows(JMSSecurityException.class,
                    () -> producer.send(session.createTextMessage("after the revoke"))), alice.user(), "bob.inbox",
                    Permission.SEND);
        }
    }

    @Test
    void aRoleOutsideTheClientGroupIsToldWhichGrantItLacks() {
        JMSSecurityException refused = assertThrows(JMSSecurityException.class,
                () -> JmsTestSupport.factory(dave).createConnection());
        assertThat(refused).hasMessageContaining("Role " + dave.user() + " may not use Sluice's schema")
                .hasMessageContaining("GRANT sluice_client TO " + dave.user());
    }

    @Test
    void aBrowseGrantShowsTheQueueToABrowserButLetsNoConsumerTakeFromIt() throws JMSException {
        grants.grant(Set.of(Permission.BROWSE), DestinationKind.QUEUE, "bob.audit", alice.user());
        send(bob, "bob.audit", "entry");
        try (JMSContext context = JmsTestSupport.factory(alice).createContext()) {
            assertThat(context.createBrowser(context.createQueue("bob.audit")).getEnumeration().hasMoreElements())
                    .isTrue();
            assertThrows(JMSSecurityRuntimeException.class,
                    () -> context.createConsumer(context.createQueue("bob.audit")));
        }
    }
}
