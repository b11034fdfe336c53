package dev.sluice.jms.cdi;

import dev.sluice.jms.SluiceConnectionFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSRuntimeException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's Sluice connection factories, one per configured name ({@link ConnectionFactoryProperties}),
 * made on first use. Produces {@code @Inject ConnectionFactory} (the default factory) and
 * {@code @Inject @JMSConnectionFactory("reports") ConnectionFactory}: like the JMSContext's, that annotation is read
 * from the injection point, not used as a qualifier. Thread-safe.
 */
@ApplicationScoped
class ConnectionFactories {

    private final Map<String, SluiceConnectionFactory> factories = new ConcurrentHashMap<>();
    private ConnectionFactoryProperties properties;

    /** For the container's proxy. */
    ConnectionFactories() {
    }

    @Inject
    ConnectionFactories(SluiceExtension extension) {
        this.properties = extension.connectionFactoryProperties();
    }

    /**
     * The factory named {@code name} ({@code ""}: the default one).
     *
     * @throws JMSRuntimeException when it is not configured or its settings are invalid
     */
    SluiceConnectionFactory factory(String name) {
        return factories.computeIfAbsent(ConnectionFactoryProperties.normalise(name), normalised -> {
            try {
                return properties.create(normalised);
            } catch (IllegalArgumentException e) {
                JMSRuntimeException failure = new JMSRuntimeException(e.getMessage());
                failure.initCause(e);
                throw failure;
            }
        });
    }

    @Produces
    @Dependent
    ConnectionFactory connectionFactory(InjectionPoint injectionPoint) {
        return factory(factoryName(injectionPoint));
    }

    /** The value of the injection point's {@code @JMSConnectionFactory}, or {@code ""}. */
    static String factoryName(InjectionPoint injectionPoint) {
        JMSConnectionFactory annotation = injectionPoint == null || injectionPoint.getAnnotated() == null ? null
                : injectionPoint.getAnnotated().getAnnotation(JMSConnectionFactory.class);
        return ConnectionFactoryProperties.normalise(annotation == null ? null : annotation.value());
    }
}
