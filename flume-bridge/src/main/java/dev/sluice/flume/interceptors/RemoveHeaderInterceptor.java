package dev.sluice.flume.interceptors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.Interceptor;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes headers ({@code type = remove_header}): {@code withName} (one name), {@code fromList} (names split by
 * {@code fromListSeparator}, a regex, default {@code \s*,\s*}), {@code matching} (a regex over names). Immutable
 * after configure.
 */
public final class RemoveHeaderInterceptor implements Interceptor {

    private String withName;
    private Set<String> fromList = Set.of();
    private Pattern matching;

    @Override
    public void configure(ComponentContext context) {
        withName = context.stringOr("withName", null);
        Pattern separator = context.regex("fromListSeparator", "\\s*,\\s*");
        String list = context.stringOr("fromList", null);
        if (list != null && !list.isEmpty()) {
            fromList = Set.of(separator.split(list));
        }
        matching = context.has("matching") ? context.regex("matching", "") : null;
    }

    @Override
    public Event intercept(Event event) {
        event.headers().keySet().removeIf(name -> name.equals(withName) || fromList.contains(name)
                || (matching != null && matching.matcher(name).matches()));
        return event;
    }
}
