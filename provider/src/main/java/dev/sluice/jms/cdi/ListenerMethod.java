package dev.sluice.jms.cdi;

import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A bean method annotated {@link SluiceListener}, as the extension found it: what to call and how to turn a message
 * into its argument. Immutable and thread-safe.
 */
final class ListenerMethod {

    private final Bean<?> bean;
    private final Method method;
    private final SluiceListener settings;

    ListenerMethod(Bean<?> bean, AnnotatedMethod<?> method) {
        this.bean = bean;
        this.method = method.getJavaMember();
        this.settings = method.getAnnotation(SluiceListener.class);
        this.method.setAccessible(true);
    }

    Bean<?> bean() {
        return bean;
    }

    SluiceListener settings() {
        return settings;
    }

    /** What is wrong with the declaration, for the container's deployment errors (empty: nothing). */
    List<String> problems(ConnectionFactoryProperties factories) {
        List<String> problems = new ArrayList<>();
        if (method.getParameterCount() != 1) {
            problems.add("it must take exactly one parameter (the Message or its body), not "
                    + method.getParameterCount());
        }
        if (Modifier.isStatic(method.getModifiers()) || Modifier.isPrivate(method.getModifiers())) {
            problems.add("it must be neither static nor private, so that it is called on the bean");
        }
        if (settings.destination().isBlank()) {
            problems.add("destination is empty");
        }
        if (settings.concurrency() < 1) {
            problems.add("concurrency must be at least 1, not " + settings.concurrency());
        }
        if (!settings.subscription().isEmpty() && !settings.topic()) {
            problems.add("a subscription needs topic = true");
        }
        if (settings.topic() && settings.subscription().isEmpty() && settings.concurrency() > 1) {
            problems.add("a non-durable topic subscription allows concurrency 1 only (each consumer would get every"
                    + " message); name a subscription to share it");
        }
        String factoryProblem = factories.problem(ConnectionFactoryProperties.normalise(settings.connectionFactory()));
        if (factoryProblem != null) {
            problems.add(factoryProblem);
        }
        return problems.stream().map(problem -> "@SluiceListener " + this + ": " + problem).toList();
    }

    /**
     * Calls the method on {@code target} with {@code message} or its body.
     *
     * @throws Exception what the method threw (unwrapped), or a MessageFormatException when the body does not
     *     convert to the parameter's type
     */
    void invoke(Object target, Message message) throws Exception {
        Object argument = argument(message);
        try {
            method.invoke(target, argument);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private Object argument(Message message) throws JMSException {
        Class<?> type = method.getParameterTypes()[0];
        if (Message.class.isAssignableFrom(type)) {
            if (!type.isInstance(message)) {
                throw new jakarta.jms.MessageFormatException("Message " + message.getJMSMessageID() + " is a "
                        + message.getClass().getSimpleName() + ", not the " + type.getSimpleName() + " " + this
                        + " takes");
            }
            return message;
        }
        return message.getBody(type);
    }

    /** "queue 'orders'", "topic 'prices' subscription 'audit'". */
    String describeDestination() {
        return (settings.topic() ? "topic '" : "queue '") + settings.destination() + "'"
                + (settings.subscription().isEmpty() ? "" : " subscription '" + settings.subscription() + "'");
    }

    /** "Billing.bill(String)". */
    @Override
    public String toString() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "("
                + String.join(", ", java.util.Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .toList()) + ")";
    }
}
