package dev.sluice.flume.interceptors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.ConfigurationException;
import dev.sluice.flume.Event;
import dev.sluice.flume.Interceptor;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Sets the agent's host ({@code type = host}): {@code hostHeader} (default {@code host}), {@code useIP} (default
 * true: the address, else the host name), {@code preserveExisting} (default false). Immutable after configure.
 */
public final class HostInterceptor implements Interceptor {

    private String header;
    private String host;
    private boolean preserveExisting;

    @Override
    public void configure(ComponentContext context) {
        header = context.stringOr("hostHeader", "host");
        preserveExisting = context.bool("preserveExisting", false);
        boolean useIp = context.bool("useIP", true);
        try {
            InetAddress local = InetAddress.getLocalHost();
            host = useIp ? local.getHostAddress() : local.getCanonicalHostName();
        } catch (UnknownHostException e) {
            throw new ConfigurationException("The host interceptor at " + context.fullKey("type")
                    + " cannot find this machine's host name: " + e.getMessage(), e);
        }
    }

    @Override
    public Event intercept(Event event) {
        if (!preserveExisting || !event.headers().containsKey(header)) {
            event.headers().put(header, host);
        }
        return event;
    }
}
