package dev.sluice.flume.sources;

import dev.sluice.flume.AbstractSource;
import dev.sluice.flume.ChannelException;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.internal.LineServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over TCP, one message per line, parsed by {@link SyslogParser} ({@code type = syslogtcp}). Syslog has no
 * acknowledgement: a batch the channel refuses is retried until the source stops (the sender is pushed back by
 * TCP meanwhile). Keys: {@code host} (required), {@code port} (required; 0 = any), {@code eventSize} (2500 bytes),
 * {@code keepFields} (none | all), {@code clientIPHeader}, {@code batchSize} (100). Thread-safe.
 */
public class SyslogTcpSource extends AbstractSource {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogTcpSource.class);

    private String host;
    private List<Integer> ports;
    private String portHeader;
    private int eventSize;
    private String clientIpHeader;
    private int batchSize;
    private SyslogParser parser;
    private final List<LineServer> servers = new ArrayList<>();
    private volatile boolean stopping;

    @Override
    protected final void configureSource(ComponentContext context) {
        host = context.string("host", "the address to listen on, such as 0.0.0.0");
        ports = ports(context);
        portHeader = context.stringOr("portHeader", null);
        eventSize = context.integer("eventSize", 2500, 16, 64 << 20);
        String keep = context.choice("keepFields", "none", "none", "all", "true", "false");
        parser = new SyslogParser(keep.equals("all") || keep.equals("true"), Clock.systemDefaultZone());
        clientIpHeader = context.stringOr("clientIPHeader", null);
        batchSize = context.integer("batchSize", 100, 1, 100_000);
    }

    /** The ports to listen on: {@code port} here, {@code ports} for the multiport source. */
    protected List<Integer> ports(ComponentContext context) {
        return List.of(context.requiredInteger("port", 0, 65535, "the TCP port to listen on"));
    }

    @Override
    public void start() {
        for (int port : ports) {
            try {
                LineServer server = new LineServer("syslog " + name(), host, port, eventSize, batchSize,
                        (lines, socket, out) -> handle(lines, socket, out));
                servers.add(server);
                LOG.info("source {}: syslog listening on {}:{}", name(), host, server.port());
            } catch (IOException e) {
                stop();
                throw new UncheckedIOException("source " + name() + " cannot listen on " + host + ":" + port, e);
            }
        }
    }

    /** The ports listened on, in the configured order. */
    public List<Integer> boundPorts() {
        return servers.stream().map(LineServer::port).toList();
    }

    private void handle(List<LineServer.Line> lines, Socket socket, OutputStream out) throws IOException {
        List<Event> events = new ArrayList<>(lines.size());
        for (LineServer.Line line : lines) {
            Event event = parser.parse(line.bytes());
            if (line.tooLong()) {
                event.headers().put("flume.syslog.status", "Incomplete");
            }
            if (portHeader != null) {
                event.headers().put(portHeader, Integer.toString(socket.getLocalPort()));
            }
            if (clientIpHeader != null) {
                event.headers().put(clientIpHeader, socket.getInetAddress().getHostAddress());
            }
            events.add(event);
        }
        long backoff = 10;
        while (true) {
            try {
                deliver(events);
                return;
            } catch (ChannelException e) {
                if (stopping) {
                    throw new IOException("source " + name() + " stopped with " + events.size()
                            + " syslog messages not committed: " + e.getMessage(), e);
                }
                LOG.debug("source {}: {}; retrying", name(), e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", interrupted);
                }
                backoff = Math.min(1000, backoff * 2);
            }
        }
    }

    @Override
    public void stop() {
        stopping = true;
        servers.forEach(LineServer::close);
        servers.clear();
    }
}
