package dev.sluice.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.jms.jndi.SluiceInitialContextFactory;
import dev.sluice.testing.PasswordRoles;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.Context;
import javax.naming.InitialContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A password given in the URL (as the README's snippets and JNDI's {@code connectionFactory.X = <URL>} invite)
 * shows nowhere: not in thread names, log lines, exception texts or the factory's, its JNDI reference's and its
 * configuration's string forms; nor does a wrong one.
 */
@ExtendWith(PostgresExtension.class)
class SecretsNotShownTest {

    private static final String SECRET = "Sluice-Secret-" + UUID.randomUUID().toString().replace("-", "");
    private static final String WRONG = "Sluice-Wrong-" + UUID.randomUUID().toString().replace("-", "");

    private static TestDatabase role;

    @BeforeAll
    static void createRole(TestDatabase db) {
        role = PasswordRoles.create(db, "secrets_not_shown", SECRET);
    }

    @AfterAll
    static void dropRole(TestDatabase db) {
        PasswordRoles.drop(db, role);
    }

    private static String url(String password) {
        return role.jdbcUrl() + (role.jdbcUrl().contains("?") ? "&" : "?") + "user=" + role.user()
                + "&password=" + password;
    }

    @Test
    void aPasswordInTheUrlAppearsInNoThreadNameLogLineExceptionOrToString() throws Exception {
        List<String> shown = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        // slf4j-simple looks System.err up for every line it writes
        System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
        try {
            SluiceConnectionFactory factory = new SluiceConnectionFactory(url(SECRET));
            try (Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = session.createQueue("secrets.orders");
                BlockingQueue<String> received = new LinkedBlockingQueue<>();
                AtomicInteger deliveries = new AtomicInteger();
                session.createConsumer(queue).setMessageListener(message -> {
                    if (deliveries.incrementAndGet() == 1) {
                        throw new IllegalStateException("listener fails once, so that Sluice logs a WARN");
                    }
                    try {
                        received.add(((TextMessage) message).getText());
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                });
                connection.start();
                MessageProducer producer = session.createProducer(queue);
                producer.send(session.createTextMessage("order 1"));
                assertThat(received.poll(Timing.seconds(20).toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("order 1");

                shown.addAll(messages(assertThrows(JMSSecurityException.class,
                        () -> new SluiceConnectionFactory(url(WRONG)).createConnection())));
                shown.addAll(messages(assertThrows(JMSSecurityRuntimeException.class,
                        () -> new SluiceConnectionFactory(url(WRONG)).createContext())));
                shown.addAll(messages(assertThrows(JMSException.class,
                        () -> new SluiceConnectionFactory(url(SECRET) + "&noSuchSetting=1").createConnection())));
                shown.addAll(messages(assertThrows(JMSException.class,
                        () -> new SluiceConnectionFactory("jdbc:mysql://h/db?password=" + SECRET).createConnection())));
                shown.addAll(messages(assertThrows(InvalidDestinationException.class,
                        () -> producer.send(session.createQueue("no spaces allowed"), session.createTextMessage()))));

                Hashtable<String, String> environment = new Hashtable<>();
                environment.put(Context.INITIAL_CONTEXT_FACTORY, SluiceInitialContextFactory.class.getName());
                environment.put("connectionFactory.orders", url(SECRET));
                Object bound = new InitialContext(environment).lookup("orders");
                shown.add(bound.toString());
                shown.add(factory.toString());
                shown.add(factory.getReference().toString());
                shown.add(factory.config().toString());
                shown.add(connection.toString());
                Thread.getAllStackTraces().keySet().forEach(thread -> shown.add(thread.getName()));
            }
        } finally {
            System.setErr(originalErr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("the captured log").contains("WARN").contains("secrets.orders");
        shown.add(logged);
        assertThat(String.join("\n", shown)).doesNotContain(SECRET).doesNotContain(WRONG)
                .contains("password=***");
    }

    /** The messages of {@code failure}'s whole chain, through causes and linked exceptions. */
    private static List<String> messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null && messages.size() < 20; ) {
            messages.add(cause.toString());
            Throwable next = cause.getCause();
            if (next == null && cause instanceof JMSException jms) {
                next = jms.getLinkedException();
            }
            cause = next;
        }
        return messages;
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final PrintStream first;
        private final ByteArrayOutputStream second;

        Tee(PrintStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
