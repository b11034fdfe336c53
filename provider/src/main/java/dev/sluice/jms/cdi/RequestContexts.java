package dev.sluice.jms.cdi;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JMSContexts of one request scope, one per {@link ContextKey}, opened on first use and closed when the scope
 * ends: what the injected contexts of the scope delegate to (Jakarta Messaging 3.1 section 12.4.4). Each is an
 * application-managed context of its own connection, so a request's work never waits for another's. Used by the
 * request's thread; the methods are synchronized in case a request scope is handed to another thread.
 */
@RequestScoped
class RequestContexts {

    private static final Logger LOG = LoggerFactory.getLogger(RequestContexts.class);

    private final Map<ContextKey, JMSContext> contexts = new LinkedHashMap<>();
    private ConnectionFactories factories;
    private boolean ended;

    /** For the container's proxy. */
    RequestContexts() {
    }

    @Inject
    RequestContexts(ConnectionFactories factories) {
        this.factories = factories;
    }

    /** The scope's context for {@code key}, opened now if it is the first use. */
    synchronized JMSContext context(ContextKey key) {
        if (ended) {
            throw new jakarta.jms.IllegalStateRuntimeException("The request scope of " + key + " has ended");
        }
        JMSContext context = contexts.get(key);
        if (context == null) {
            ConnectionFactory factory = factories.factory(key.factoryName());
            // without @JMSPasswordCredential the factory's own login (sluice.user), not the URL's
            context = key.userName() == null ? factory.createContext(key.sessionMode())
                    : factory.createContext(key.userName(), key.password(), key.sessionMode());
            contexts.put(key, context);
        }
        return context;
    }

    @PreDestroy
    synchronized void close() {
        ended = true;
        for (Map.Entry<ContextKey, JMSContext> entry : contexts.entrySet()) {
            try {
                entry.getValue().close();
            } catch (JMSRuntimeException e) {
                LOG.warn("Closing the injected {} at the end of its request scope failed", entry.getKey(), e);
            }
        }
        contexts.clear();
    }
}
