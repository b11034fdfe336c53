package dev.sluice.jms.cdi;

import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSPasswordCredential;
import jakarta.jms.JMSSessionMode;
import java.io.Serializable;

/**
 * What identifies an injected JMSContext: its connection factory, credentials and session mode, as the injection
 * point's {@code @JMSConnectionFactory}, {@code @JMSPasswordCredential} and {@code @JMSSessionMode} give them.
 * Injection points with equal keys share one context within a scope; different keys get different contexts
 * (Jakarta Messaging 3.1 section 12.4.4). Immutable; {@link #toString()} hides the password.
 *
 * @param factoryName {@code ""} for the default factory
 * @param userName null: the factory's own login
 */
record ContextKey(String factoryName, String userName, String password, int sessionMode) implements Serializable {

    static ContextKey of(InjectionPoint injectionPoint) {
        JMSPasswordCredential credential = injectionPoint.getAnnotated() == null ? null
                : injectionPoint.getAnnotated().getAnnotation(JMSPasswordCredential.class);
        JMSSessionMode mode = injectionPoint.getAnnotated() == null ? null
                : injectionPoint.getAnnotated().getAnnotation(JMSSessionMode.class);
        return new ContextKey(ConnectionFactories.factoryName(injectionPoint),
                credential == null ? null : credential.userName(),
                credential == null ? null : credential.password(),
                mode == null ? JMSContext.AUTO_ACKNOWLEDGE : mode.value());
    }

    @Override
    public String toString() {
        return "JMSContext[" + ConnectionFactoryProperties.describe(factoryName)
                + (userName == null ? "" : ", user '" + userName + "'")
                + ", session mode " + sessionModeName(sessionMode) + "]";
    }

    static String sessionModeName(int mode) {
        return switch (mode) {
            case JMSContext.AUTO_ACKNOWLEDGE -> "AUTO_ACKNOWLEDGE";
            case JMSContext.CLIENT_ACKNOWLEDGE -> "CLIENT_ACKNOWLEDGE";
            case JMSContext.DUPS_OK_ACKNOWLEDGE -> "DUPS_OK_ACKNOWLEDGE";
            case JMSContext.SESSION_TRANSACTED -> "SESSION_TRANSACTED";
            default -> String.valueOf(mode);
        };
    }
}
