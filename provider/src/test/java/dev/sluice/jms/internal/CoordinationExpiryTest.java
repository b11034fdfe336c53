package dev.sluice.jms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.jms.JmsTestSupport;
import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A connection whose coordination session expired under it says so to its ExceptionListener. */
@ExtendWith(PostgresExtension.class)
class CoordinationExpiryTest {

    @Test
    void exceptionListenerHearsThatTheConnectionsCoordinationSessionExpired(TestDatabase db) throws Exception {
        SluiceConnectionFactory factory = JmsTestSupport.factory(db, "sessionTimeoutMs=1500");
        List<JMSException> reported = new CopyOnWriteArrayList<>();
        try (Connection stalled = factory.createConnection();
             Connection sweeper = factory.createConnection()) {
            stalled.setClientID("expiring-client");
            stalled.setExceptionListener(reported::add);
            sweeper.setClientID("sweeping-client");
            ((SluiceConnection) stalled).coordination().stopHeartbeatsForTesting();

            Await.until(() -> !reported.isEmpty(), Duration.ofSeconds(30),
                    () -> "the ExceptionListener heard nothing");
            assertThat(reported.get(0).getMessage()).contains("coordination session").contains("expired")
                    .contains("expiring-client");
            assertThat(reported.get(0).getErrorCode()).isEqualTo("SESSION_EXPIRED");
        }
    }
}
