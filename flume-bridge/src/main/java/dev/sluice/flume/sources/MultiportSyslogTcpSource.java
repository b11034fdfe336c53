package dev.sluice.flume.sources;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Syslog over TCP on several ports at once ({@code type = multiport_syslogtcp}): {@code ports = 10001 10002}
 * instead of {@code port}, and {@code portHeader} to record which port a message came in on; otherwise as
 * {@link SyslogTcpSource}. Thread-safe.
 */
public final class MultiportSyslogTcpSource extends SyslogTcpSource {

    @Override
    protected List<Integer> ports(ComponentContext context) {
        List<String> values = context.list("ports");
        if (values.isEmpty()) {
            throw new ConfigurationException("Configuration key " + context.fullKey("ports")
                    + " is missing: expected space-separated TCP ports such as 10001 10002");
        }
        List<Integer> ports = new ArrayList<>();
        for (String value : values) {
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(port);
            } catch (NumberFormatException e) {
                throw context.invalid("ports", "space-separated TCP ports between 0 and 65535 ('" + value
                        + "' is not one)");
            }
        }
        return ports;
    }
}
