package dev.sluice.flume.interceptors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.Interceptor;
import java.util.UUID;

/**
 * Sets a random UUID ({@code type = uuid}): {@code headerName} (default {@code id}), {@code prefix} (default
 * empty), {@code preserveExisting} (default true). Immutable after configure.
 */
public final class UuidInterceptor implements Interceptor {

    private String header;
    private String prefix;
    private boolean preserveExisting;

    @Override
    public void configure(ComponentContext context) {
        header = context.stringOr("headerName", "id");
        prefix = context.stringOr("prefix", "");
        preserveExisting = context.bool("preserveExisting", true);
    }

    @Override
    public Event intercept(Event event) {
        if (!preserveExisting || !event.headers().containsKey(header)) {
            event.headers().put(header, prefix + UUID.randomUUID());
        }
        return event;
    }
}
