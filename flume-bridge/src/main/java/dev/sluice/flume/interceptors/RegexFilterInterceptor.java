package dev.sluice.flume.interceptors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.Interceptor;
import java.util.regex.Pattern;

/**
 * Keeps the events whose UTF-8 body contains a match of {@code regex} (default {@code .*}), or drops them with
 * {@code excludeEvents = true} ({@code type = regex_filter}). Immutable after configure.
 */
public final class RegexFilterInterceptor implements Interceptor {

    private Pattern regex;
    private boolean exclude;

    @Override
    public void configure(ComponentContext context) {
        regex = context.regex("regex", ".*");
        exclude = context.bool("excludeEvents", false);
    }

    @Override
    public Event intercept(Event event) {
        boolean matches = regex.matcher(event.bodyText()).find();
        return matches != exclude ? event : null;
    }
}
