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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns each line received on a TCP port into an event ({@code type = netcat}). With {@code ack-every-event}
 * (default true) it answers {@code OK} per line only once the line's batch is committed, or
 * {@code FAILED: reason} when it was not (the sender should send it again). Keys: {@code bind} (required),
 * {@code port} (required; 0 = any free port, see {@link #port()}), {@code max-line-length} (512 bytes; longer
 * lines are refused with FAILED), {@code ack-every-event}, {@code batchSize} (100). Thread-safe.
 */
public final class NetcatSource extends AbstractSource {

    private static final byte[] OK = "OK\n".getBytes(StandardCharsets.US_ASCII);

    private String bind;
    private int port;
    private int maxLineLength;
    private boolean ack;
    private int batchSize;
    private LineServer server;

    @Override
    protected void configureSource(ComponentContext context) {
        bind = context.string("bind", "the address to listen on, such as 0.0.0.0 or localhost");
        port = context.requiredInteger("port", 0, 65535, "the TCP port to listen on");
        maxLineLength = context.integer("max-line-length", 512, 1, 64 << 20);
        ack = context.bool("ack-every-event", true);
        batchSize = context.integer("batchSize", 100, 1, 100_000);
    }

    @Override
    public void start() {
        try {
            server = new LineServer("netcat " + name(), bind, port, maxLineLength, batchSize, this::handle);
        } catch (IOException e) {
            throw new UncheckedIOException("source " + name() + " cannot listen on " + bind + ":" + port, e);
        }
        org.slf4j.LoggerFactory.getLogger(NetcatSource.class).info("source {}: netcat listening on {}:{}", name(),
                bind, server.port());
    }

    /** The port listened on (useful with {@code port = 0}). */
    public int port() {
        return server.port();
    }

    private void handle(List<LineServer.Line> lines, Socket socket, OutputStream out) throws IOException {
        List<Event> events = new ArrayList<>(lines.size());
        for (LineServer.Line line : lines) {
            if (!line.tooLong()) {
                events.add(new Event(Map.of(), line.bytes()));
            }
        }
        String failure = null;
        try {
            deliver(events);
        } catch (ChannelException e) {
            failure = e.getMessage();
        }
        if (!ack) {
            return;
        }
        StringBuilder reply = new StringBuilder();
        for (LineServer.Line line : lines) {
            if (line.tooLong()) {
                reply.append("FAILED: line longer than max-line-length ").append(maxLineLength).append(" bytes\n");
            } else if (failure != null) {
                reply.append("FAILED: ").append(failure.replace('\n', ' ')).append('\n');
            } else {
                reply.append("OK\n");
            }
        }
        out.write(reply.length() == 3 ? OK : reply.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
