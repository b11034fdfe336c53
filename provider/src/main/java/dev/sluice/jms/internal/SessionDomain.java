package dev.sluice.jms.internal;

import jakarta.jms.IllegalStateException;

/**
 * The messaging domain a session was created for. A session from {@code Connection.createSession} serves both
 * domains; one from {@code QueueConnection.createQueueSession} only point-to-point and one from
 * {@code TopicConnection.createTopicSession} only publish/subscribe: the methods each inherits from {@code Session}
 * for the other domain must throw IllegalStateException (Jakarta Messaging 3.1, javadoc of {@code QueueSession} and
 * {@code TopicSession}). Sluice's session class implements all three interfaces, so the domain is this value, not
 * the type. Immutable.
 */
enum SessionDomain {
    UNIFIED,
    QUEUE,
    TOPIC;

    /** Refuses a publish/subscribe method ({@code createTopic}, {@code unsubscribe}, ...) on a QueueSession. */
    void checkTopicMethod(String method, String session) throws IllegalStateException {
        if (this == QUEUE) {
            throw new IllegalStateException(method + " is a publish/subscribe method and " + session + " is a"
                    + " QueueSession, which must refuse it (Jakarta Messaging 3.1, javadoc of QueueSession); use a"
                    + " session from Connection.createSession or TopicConnection.createTopicSession");
        }
    }

    /** Refuses a point-to-point method ({@code createQueue}, {@code createBrowser}, ...) on a TopicSession. */
    void checkQueueMethod(String method, String session) throws IllegalStateException {
        if (this == TOPIC) {
            throw new IllegalStateException(method + " is a point-to-point method and " + session + " is a"
                    + " TopicSession, which must refuse it (Jakarta Messaging 3.1, javadoc of TopicSession); use a"
                    + " session from Connection.createSession or QueueConnection.createQueueSession");
        }
    }
}
