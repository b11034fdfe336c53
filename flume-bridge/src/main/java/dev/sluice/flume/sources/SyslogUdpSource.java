package dev.sluice.flume.sources;

import dev.sluice.flume.AbstractSource;
import dev.sluice.flume.ChannelException;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over UDP, one message per datagram ({@code type = syslogudp}), parsed by {@link SyslogParser}. UDP has no
 * flow control: a message the channel refuses is logged and lost, as with any UDP syslog receiver. Keys:
 * {@code host} (required), {@code port} (required; 0 = any), {@code keepFields} (none | all),
 * {@code clientIPHeader}. Thread-safe.
 */
public final class SyslogUdpSource extends AbstractSource {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogUdpSource.class);

    private String host;
    private int port;
    private SyslogParser parser;
    private String clientIpHeader;
    private DatagramSocket socket;
    private Thread receiver;
    private volatile boolean stopping;

    @Override
    protected void configureSource(ComponentContext context) {
        host = context.string("host", "the address to listen on, such as 0.0.0.0");
        port = context.requiredInteger("port", 0, 65535, "the UDP port to listen on");
        String keep = context.choice("keepFields", "none", "none", "all", "true", "false");
        parser = new SyslogParser(keep.equals("all") || keep.equals("true"), Clock.systemDefaultZone());
        clientIpHeader = context.stringOr("clientIPHeader", null);
    }

    @Override
    public void start() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException("source " + name() + " cannot listen on UDP " + host + ":" + port, e);
        }
        receiver = new Thread(this::receive, "sluice-flume-syslogudp | " + name());
        receiver.start();
        LOG.info("source {}: syslog listening on UDP {}:{}", name(), host, socket.getLocalPort());
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void receive() {
        byte[] buffer = new byte[65_535];
        while (!stopping) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!stopping) {
                    LOG.warn("source {}: receive failed: {}", name(), e.toString());
                }
                continue;
            }
            int length = packet.getLength();
            while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r')) {
                length--;
            }
            Event event = parser.parse(Arrays.copyOf(buffer, length));
            if (clientIpHeader != null) {
                event.headers().put(clientIpHeader, packet.getAddress().getHostAddress());
            }
            try {
                deliver(List.of(event));
            } catch (ChannelException e) {
                LOG.warn("source {}: a syslog message was lost: {}", name(), e.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        stopping = true;
        if (socket != null) {
            socket.close();
        }
        if (receiver != null) {
            try {
                receiver.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
