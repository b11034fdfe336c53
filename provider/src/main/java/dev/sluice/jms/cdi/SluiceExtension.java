package dev.sluice.jms.cdi;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.interceptor.Interceptor;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice's portable extension, which a CDI container finds through {@code META-INF/services}: it reads the
 * connection factories' properties, adds the beans that produce {@code JMSContext}, {@code ConnectionFactory},
 * {@code Queue} and {@code Topic}, checks every injection point of them and every {@link SluiceListener} method at
 * deployment (a wrong one fails the deployment with what is wrong), and runs the listeners from the application
 * scope's initialisation until just before its destruction, so a listener never calls into a destroyed bean.
 * The container calls it from one thread at a time.
 */
public class SluiceExtension implements Extension {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceExtension.class);

    private ConnectionFactoryProperties properties;
    private final List<ListenerMethod> listeners = new ArrayList<>();
    private final List<ListenerContainer> running = new CopyOnWriteArrayList<>();

    /** The factories' properties, read when the container started. */
    ConnectionFactoryProperties connectionFactoryProperties() {
        return properties;
    }

    void addBeans(@Observes BeforeBeanDiscovery event) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        properties = ConnectionFactoryProperties.load(loader != null ? loader : SluiceExtension.class.getClassLoader());
        for (Class<?> type : List.of(ConnectionFactories.class, RequestContexts.class, JMSContextProducer.class,
                Destinations.class)) {
            event.addAnnotatedType(type, SluiceExtension.class.getName() + "." + type.getSimpleName());
        }
        LOG.info("Sluice CDI: connection factories {}", properties.names().stream()
                .map(ConnectionFactoryProperties::describe).toList());
    }

    void checkContext(@Observes ProcessInjectionPoint<?, JMSContext> event) {
        ContextKey key = ContextKey.of(event.getInjectionPoint());
        String factoryProblem = properties.problem(key.factoryName());
        if (factoryProblem != null) {
            event.addDefinitionError(new DefinitionException("Cannot inject a JMSContext into "
                    + event.getInjectionPoint() + ": " + factoryProblem));
        }
        if (key.sessionMode() != JMSContext.AUTO_ACKNOWLEDGE && key.sessionMode() != JMSContext.DUPS_OK_ACKNOWLEDGE) {
            event.addDefinitionError(new DefinitionException("Cannot inject a JMSContext with session mode "
                    + ContextKey.sessionModeName(key.sessionMode()) + " into " + event.getInjectionPoint()
                    + ": an injected context may not commit or acknowledge (Jakarta Messaging 3.1 section 12.4.5),"
                    + " so use AUTO_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE, or create a context from an injected"
                    + " ConnectionFactory"));
        }
    }

    void checkConnectionFactory(@Observes ProcessInjectionPoint<?, ConnectionFactory> event) {
        String factoryProblem = properties.problem(ConnectionFactories.factoryName(event.getInjectionPoint()));
        if (factoryProblem != null) {
            event.addDefinitionError(new DefinitionException("Cannot inject a ConnectionFactory into "
                    + event.getInjectionPoint() + ": " + factoryProblem));
        }
    }

    void checkQueue(@Observes ProcessInjectionPoint<?, Queue> event) {
        checkDestinationName(event);
    }

    void checkTopic(@Observes ProcessInjectionPoint<?, Topic> event) {
        checkDestinationName(event);
    }

    private static void checkDestinationName(ProcessInjectionPoint<?, ?> event) {
        event.getInjectionPoint().getQualifiers().stream()
                .filter(DestinationName.class::isInstance)
                .filter(qualifier -> ((DestinationName) qualifier).value().isBlank())
                .findFirst()
                .ifPresent(qualifier -> event.addDefinitionError(new DefinitionException("@DestinationName of "
                        + event.getInjectionPoint() + " is empty; name the queue or topic")));
    }

    <T> void findListeners(@Observes ProcessManagedBean<T> event) {
        for (AnnotatedMethod<? super T> method : event.getAnnotatedBeanClass().getMethods()) {
            if (method.isAnnotationPresent(SluiceListener.class)) {
                ListenerMethod listener = new ListenerMethod(event.getBean(), method);
                listener.problems(properties).forEach(problem -> event.addDefinitionError(
                        new DefinitionException(problem)));
                listeners.add(listener);
            }
        }
    }

    /** After the application's own observers of the same event, so its beans are set up first. */
    void startListeners(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) @Initialized(ApplicationScoped.class)
                        Object event, BeanManager beans) {
        if (listeners.isEmpty()) {
            return;
        }
        ConnectionFactories factories = beans.createInstance().select(ConnectionFactories.class).get();
        for (ListenerMethod listener : listeners) {
            ListenerContainer container = new ListenerContainer(listener, beans);
            try {
                container.start(factories.factory(listener.settings().connectionFactory()));
            } catch (JMSException | RuntimeException e) {
                stopListeners();
                JMSRuntimeException failure = new JMSRuntimeException("Starting @SluiceListener " + listener + " on "
                        + listener.describeDestination() + " failed: " + e.getMessage());
                failure.initCause(e);
                throw failure;
            }
            running.add(container);
        }
    }

    /** The listeners running now. */
    List<ListenerContainer> runningListeners() {
        return List.copyOf(running);
    }

    void stopListeners(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stopListeners();
    }

    /** In case the container shuts down without destroying the application scope first. */
    void stopListeners(@Observes BeforeShutdown event) {
        stopListeners();
    }

    private void stopListeners() {
        if (running.isEmpty()) {
            return;
        }
        LOG.info("Stopping {} Sluice listener(s)", running.size());
        List<ListenerContainer> stopping = new ArrayList<>(running);
        running.clear();
        Collections.reverse(stopping);
        stopping.forEach(ListenerContainer::close);
    }
}
