package dev.sluice.jms.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.jms.JmsTestSupport;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSPasswordCredential;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.JMSSessionMode;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @Inject JMSContext} in Weld SE on a real PostgreSQL, as Jakarta Messaging 3.1 section 12.4 defines it:
 * injection points with the same annotations share one context per request scope, other annotations and other
 * scopes get other contexts, and the container-managed context refuses the methods of section 12.4.5.
 */
@ExtendWith(PostgresExtension.class)
class CdiContextTest {

    private static final long RECEIVE_MS = 10_000;
    private static WeldContainer container;
    private static TestDatabase database;

    @BeforeAll
    static void boot(TestDatabase db) {
        database = db;
        container = CdiTestSupport.boot(db, "cdi-context", OrderWriter.class, AuditWriter.class, VariousContexts.class,
                Resources.class);
    }

    @AfterAll
    static void shutdown() {
        container.close();
    }

    /** Sends to one queue through its injected context. */
    abstract static class QueueWriter {
        @Inject
        JMSContext context;
        @Inject
        @DestinationName("cdi.shared")
        Queue queue;

        void send(String text) {
            context.createProducer().send(queue, text);
        }

        JMSContext context() {
            return context;
        }

        JMSContext current() {
            return ((InjectedJMSContext) context).delegate();
        }
    }

    /** Injected once for the application, so each request must reach its own context through the wrapper. */
    @ApplicationScoped
    static class OrderWriter extends QueueWriter {
    }

    @Dependent
    static class AuditWriter extends QueueWriter {
    }

    @Dependent
    static class VariousContexts {
        @Inject
        JMSContext plain;
        @Inject
        @JMSSessionMode(JMSContext.DUPS_OK_ACKNOWLEDGE)
        JMSContext dupsOk;
        @Inject
        @JMSConnectionFactory("reports")
        JMSContext reports;
        @Inject
        @JMSPasswordCredential(userName = "cdi_stranger", password = "not-the-secret")
        JMSContext stranger;
    }

    @Dependent
    static class Resources {
        @Inject
        ConnectionFactory factory;
        @Inject
        @JMSConnectionFactory("reports")
        ConnectionFactory reports;
        @Inject
        @DestinationName("cdi.orders")
        Queue orders;
        @Inject
        @DestinationName("cdi.prices")
        Topic prices;
    }

    private static <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    /** Runs {@code work} inside a request scope of its own, as a request of an application would. */
    private static void inRequest(Runnable work) {
        RequestContextController request = bean(RequestContextController.class);
        assertThat(request.activate()).as("a new request scope").isTrue();
        try {
            work.run();
        } finally {
            request.deactivate();
        }
    }

    private static JMSContext delegateOf(JMSContext injected) {
        return ((InjectedJMSContext) injected).delegate();
    }

    @Test
    void twoBeansInOneRequestShareOneContextSoTheirMessagesArriveInSendOrder() throws Exception {
        OrderWriter orders = bean(OrderWriter.class);
        AuditWriter audit = bean(AuditWriter.class);
        List<JMSContext> seen = new ArrayList<>();
        inRequest(() -> {
            orders.send("order-1");
            audit.send("audit-1");
            orders.send("order-2");
            audit.send("audit-2");
            seen.add(orders.current());
            seen.add(audit.current());
        });
        assertThat(seen.get(0)).as("one underlying context (one session) for both beans").isSameAs(seen.get(1));
        try (JMSContext reader = JmsTestSupport.factory(database).createContext()) {
            JMSConsumer consumer = reader.createConsumer(reader.createQueue("cdi.shared"));
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                received.add(consumer.receiveBody(String.class, RECEIVE_MS));
            }
            assertThat(received).containsExactly("order-1", "audit-1", "order-2", "audit-2");
        }
    }

    @Test
    void eachRequestScopeGetsItsOwnContextClosedWhenTheScopeEnds() throws Exception {
        OrderWriter orders = bean(OrderWriter.class);
        List<JMSContext> seen = new ArrayList<>();
        inRequest(() -> seen.add(orders.current()));
        inRequest(() -> {
            seen.add(orders.current());
            assertThat(orders.current()).as("the same within the scope").isSameAs(seen.get(1));
        });
        CompletableFuture.runAsync(() -> inRequest(() -> seen.add(orders.current()))).get(30, TimeUnit.SECONDS);
        assertThat(seen).doesNotHaveDuplicates().hasSize(3);
        assertThatThrownBy(() -> seen.get(0).createProducer().send(seen.get(0).createQueue("cdi.shared"), "late"))
                .as("closed with its scope")
                .isInstanceOf(IllegalStateRuntimeException.class);
    }

    @Test
    void injectionPointsWithOtherAnnotationsGetOtherContexts() {
        VariousContexts contexts = bean(VariousContexts.class);
        OrderWriter orders = bean(OrderWriter.class);
        inRequest(() -> {
            assertThat(delegateOf(contexts.plain)).as("same annotations as OrderWriter's: shared")
                    .isSameAs(orders.current());
            assertThat(List.of(delegateOf(contexts.plain), delegateOf(contexts.dupsOk), delegateOf(contexts.reports)))
                    .doesNotHaveDuplicates();
            assertThat(contexts.plain.getSessionMode()).isEqualTo(JMSContext.AUTO_ACKNOWLEDGE);
            assertThat(contexts.dupsOk.getSessionMode()).isEqualTo(JMSContext.DUPS_OK_ACKNOWLEDGE);
            assertThat(contexts.reports.getClientID()).as("the named factory's client ID").isEqualTo("cdi-reports");
            assertThat(contexts.plain.getClientID()).isNull();
            assertThat(contexts.plain.getAutoStart()).isTrue();
            assertThatThrownBy(() -> contexts.stranger.createProducer())
                    .as("@JMSPasswordCredential logs in as that role, which does not exist")
                    .isInstanceOf(JMSSecurityRuntimeException.class)
                    .hasMessageContaining("cdi_stranger")
                    .hasMessageNotContaining("not-the-secret");
        });
    }

    @Test
    void everyMethodSection1245ForbidsThrowsIllegalStateRuntimeException() {
        Map<String, Consumer<JMSContext>> forbidden = new LinkedHashMap<>();
        forbidden.put("setClientID", context -> context.setClientID("mine"));
        forbidden.put("setExceptionListener", context -> context.setExceptionListener(exception -> { }));
        forbidden.put("stop", JMSContext::stop);
        forbidden.put("acknowledge", JMSContext::acknowledge);
        forbidden.put("commit", JMSContext::commit);
        forbidden.put("rollback", JMSContext::rollback);
        forbidden.put("recover", JMSContext::recover);
        forbidden.put("setAutoStart", context -> context.setAutoStart(false));
        forbidden.put("start", JMSContext::start);
        forbidden.put("close", JMSContext::close);
        OrderWriter orders = bean(OrderWriter.class);
        inRequest(() -> {
            forbidden.forEach((method, call) -> assertThatThrownBy(() -> call.accept(orders.context()))
                    .as(method)
                    .isInstanceOf(IllegalStateRuntimeException.class)
                    .hasMessageContaining(method).hasMessageContaining("12.4.5"));
            orders.send("still usable");
        });
        try (JMSContext reader = JmsTestSupport.factory(database).createContext()) {
            assertThat(reader.createConsumer(reader.createQueue("cdi.shared")).receiveBody(String.class, RECEIVE_MS))
                    .isEqualTo("still usable");
        }
    }

    @Test
    void withoutJMSPasswordCredentialTheFactorysConfiguredLoginIsUsed() {
        // the URL without its login: only sluice.user and sluice.password can open the context
        String urlWithoutLogin = database.jdbcUrl().replaceAll("(?<=[?&])(user|password)=[^&]*&?", "")
                .replaceAll("[?&]$", "");
        assertThat(urlWithoutLogin).doesNotContain("user=");
        TestDatabase login = new TestDatabase(urlWithoutLogin, database.user(), database.password());
        try (WeldContainer own = CdiTestSupport.boot(login, "cdi-login", OrderWriter.class)) {
            RequestContextController request = own.select(RequestContextController.class).get();
            request.activate();
            try {
                OrderWriter orders = own.select(OrderWriter.class).get();
                orders.send("sent as " + database.user());
                assertThat(orders.context().getClientID()).isNull();
            } finally {
                request.deactivate();
            }
        }
        try (JMSContext reader = JmsTestSupport.factory(database).createContext()) {
            assertThat(reader.createConsumer(reader.createQueue("cdi.shared")).receiveBody(String.class, RECEIVE_MS))
                    .isEqualTo("sent as " + database.user());
        }
    }

    @Test
    void outsideARequestScopeTheContextSaysWhatIsMissing() {
        OrderWriter orders = bean(OrderWriter.class);
        assertThatThrownBy(() -> orders.send("nowhere"))
                .isInstanceOf(IllegalStateRuntimeException.class)
                .hasMessageContaining("outside a request scope");
    }

    @Test
    void connectionFactoriesAndDestinationsAreInjected() {
        Resources resources = bean(Resources.class);
        assertThat(resources.orders.toString()).contains("cdi.orders");
        assertThat(resources.prices.toString()).contains("cdi.prices");
        try (JMSContext reports = resources.reports.createContext();
             JMSContext plain = resources.factory.createContext()) {
            assertThat(reports.getClientID()).isEqualTo("cdi-reports");
            plain.createProducer().send(resources.orders, "through the injected factory");
            assertThat(plain.createConsumer(resources.orders).receiveBody(String.class, RECEIVE_MS))
                    .isEqualTo("through the injected factory");
        }
    }

    @ApplicationScoped
    static class UnknownFactory {
        @Inject
        @JMSConnectionFactory("nowhere")
        JMSContext context;
    }

    @ApplicationScoped
    static class TransactedContext {
        @Inject
        @JMSSessionMode(JMSContext.SESSION_TRANSACTED)
        JMSContext context;
    }

    @Test
    void anUnconfiguredFactoryOrATransactedSessionModeFailsTheDeployment() {
        assertThatThrownBy(() -> CdiTestSupport.boot(database, "cdi-unknown-factory", UnknownFactory.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("connection factory 'nowhere' (sluice.nowhere.url)");
        assertThatThrownBy(() -> CdiTestSupport.boot(database, "cdi-transacted", TransactedContext.class))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("SESSION_TRANSACTED");
    }
}
