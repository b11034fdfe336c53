package dev.sluice.flume.interceptors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.Interceptor;

/**
 * Sets a fixed header ({@code type = static}): {@code key} (default {@code key}), {@code value} (default
 * {@code value}), {@code preserveExisting} (default true). Immutable after configure.
 */
public final class StaticInterceptor implements Interceptor {

    private String key;
    private String value;
    private boolean preserveExisting;

    @Override
    public void configure(ComponentContext context) {
        key = context.stringOr("key", "key");
        value = context.stringOr("value", "value");
        preserveExisting = context.bool("preserveExisting", true);
    }

    @Override
    public Event intercept(Event event) {
        if (!preserveExisting || !event.headers().containsKey(key)) {
            event.headers().put(key, value);
        }
        return event;
    }
}
