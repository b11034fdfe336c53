package dev.sluice.jms.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;

/**
 * Produces {@code @Inject JMSContext}: a dependent-scoped {@link InjectedJMSContext} per injection point, keyed by
 * the injection point's {@code @JMSConnectionFactory}, {@code @JMSPasswordCredential} and {@code @JMSSessionMode}
 * (Jakarta Messaging 3.1 section 12.4.3; they are not qualifiers). Thread-safe.
 */
@ApplicationScoped
class JMSContextProducer {

    private RequestContexts contexts;

    /** For the container's proxy. */
    JMSContextProducer() {
    }

    @Inject
    JMSContextProducer(RequestContexts contexts) {
        this.contexts = contexts;
    }

    @Produces
    @Dependent
    JMSContext injectedContext(InjectionPoint injectionPoint) {
        return new InjectedJMSContext(ContextKey.of(injectionPoint), contexts);
    }
}
