package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.PasswordRoles;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connections share a pool only when their credentials are equal: a second password is always checked. */
@ExtendWith(PostgresExtension.class)
class BackendCredentialsTest {

    private static TestDatabase role;

    @BeforeAll
    static void createRole(TestDatabase db) {
        role = PasswordRoles.create(db, "backend_credentials", "Aa");
    }

    @AfterAll
    static void dropRole(TestDatabase db) {
        PasswordRoles.drop(db, role);
    }

    private static SluiceConnectionFactory factory(String password) {
        SluiceConnectionFactory factory = new SluiceConnectionFactory(role.jdbcUrl());
        factory.setUser(role.user());
        factory.setPassword(password);
        return factory;
    }

    @Test
    void aWrongPasswordWithTheHashCodeOfTheRightOneIsRefusedWhileTheRightOnesPoolIsOpen() throws JMSException {
        assertThat("BB".hashCode()).isEqualTo("Aa".hashCode());
        try (Connection right = factory("Aa").createConnection()) {
            right.createSession().createProducer(null);
            JMSSecurityException refused = assertThrows(JMSSecurityException.class,
                    () -> factory("BB").createConnection());
            assertThat(refused).hasMessageContaining(role.user());
        }
    }
}
