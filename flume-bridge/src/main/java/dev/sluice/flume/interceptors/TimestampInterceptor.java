package dev.sluice.flume.interceptors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.Interceptor;
import java.time.Clock;

/**
 * Sets the time of interception in milliseconds since the epoch ({@code type = timestamp}): {@code headerName}
 * (default {@code timestamp}), {@code preserveExisting} (default false). Immutable after configure.
 */
public final class TimestampInterceptor implements Interceptor {

    private String header;
    private boolean preserveExisting;
    private Clock clock = Clock.systemUTC();

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(ComponentContext context) {
        header = context.stringOr("headerName", "timestamp");
        preserveExisting = context.bool("preserveExisting", false);
    }

    @Override
    public Event intercept(Event event) {
        if (!preserveExisting || !event.headers().containsKey(header)) {
            event.headers().put(header, Long.toString(clock.millis()));
        }
        return event;
    }
}
