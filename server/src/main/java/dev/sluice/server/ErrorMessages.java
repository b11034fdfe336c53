package dev.sluice.server;

import dev.sluice.db.DatabaseUnavailableException;
import dev.sluice.db.JdbcUrls;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a failure into the one line a command prints: the most telling message in the cause chain (a database that
 * cannot be reached is reported as such, naming its URL), on one line, with passwords in URLs masked. Stateless.
 */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    /** The one-line description of {@code failure}. */
    public static String oneLine(Throwable failure) {
        List<Throwable> chain = chain(failure);
        for (Throwable cause : chain) {
            if (cause instanceof DatabaseUnavailableException) {
                return clean(cause.getMessage());
            }
        }
        String message = describe(failure);
        if (chain.size() > 1) {
            String detail = describe(chain.get(1));
            if (!message.contains(detail)) {
                message = message + ": " + detail;
            }
        }
        return clean(message);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Throwable current = failure;
        while (current != null && !chain.contains(current)) {
            chain.add(current);
            Throwable next = current.getCause();
            if (next == null && current instanceof JMSException jms) {
                next = jms.getLinkedException();
            }
            current = next;
        }
        return chain;
    }

    private static String clean(String message) {
        return JdbcUrls.redact(message.replaceAll("\\s*\\R\\s*", " ").trim());
    }
}
