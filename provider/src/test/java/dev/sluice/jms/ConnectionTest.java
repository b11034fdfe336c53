package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ConnectionTest {

    @Test
    void clientIdIsUniqueWhileItsConnectionIsOpen(TestDatabase db) throws JMSException {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db);
        Connection first = factory.createConnection();
        first.setClientID("billing");
        Connection second = factory.createConnection();
        try {
            InvalidClientIDException taken = assertThrows(InvalidClientIDException.class,
                    () -> second.setClientID("billing"));
            assertThat(taken).hasMessageContaining("'billing'");
            first.close();
            second.setClientID("billing");
            assertEquals("billing", second.getClientID());
        } finally {
            second.close();
            first.close();
        }
    }

    @Test
    void anOverLongClientIdIsAnInvalidClientIdWithoutBeingEchoedInFull(TestDatabase db) throws JMSException {
        try (Connection connection = JmsTestSupport.factory(db).createConnection()) {
            InvalidClientIDException tooLong = assertThrows(InvalidClientIDException.class,
                    () -> connection.setClientID("c".repeat(3000)));
            assertThat(tooLong.getMessage()).hasSizeLessThan(250).contains("(3000 characters) is too long");
            connection.setClientID("short-enough");
            assertEquals("short-enough", connection.getClientID());
        }
    }

    @Test
    void administrativelyConfiguredClientIdCannotBeChanged(TestDatabase db) throws JMSException {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, "clientID=admin-set");
        try (Connection connection = factory.createConnection()) {
            assertEquals("admin-set", connection.getClientID());
            assertThrows(IllegalStateException.class, () -> connection.setClientID("other"));
            assertThrows(InvalidClientIDException.class, factory::createConnection);
        }
    }

    @Test
    void clientIdMustBeSetBeforeTheConnectionIsUsed(TestDatabase db) throws JMSException {
        try (Connection connection = JmsTestSupport.factory(db).createConnection()) {
            connection.createSession();
            assertThrows(IllegalStateException.class, () -> connection.setClientID("late"));
        }
    }

    @Test
    void unknownRoleIsASecurityExceptionWithTheServersReason(TestDatabase db) {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db);
        JMSSecurityException refused = assertThrows(JMSSecurityException.class,
                () -> factory.createConnection("no_such_role", "secret"));
        assertThat(refused).hasMessageContaining("no_such_role");
        assertThrows(JMSSecurityRuntimeException.class, () -> factory.createContext("no_such_role", "secret"));
    }

    @Test
    void unknownUrlParameterIsRejectedWithTheKnownOnes(TestDatabase db) {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, "clientId=typo");
        JMSException error = assertThrows(JMSException.class, factory::createConnection);
        assertThat(error).hasMessageContaining("'clientId'").hasMessageContaining("clientID");
    }

    @Test
    void metaDataNamesTheSupportedJmsxProperties(TestDatabase db) throws JMSException {
        try (Connection connection = JmsTestSupport.factory(db).createConnection()) {
            assertEquals("3.1", connection.getMetaData().getJMSVersion());
            assertThat(Collections.list(connection.getMetaData().getJMSXPropertyNames()))
                    .contains("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq");
        }
    }
}
