package dev.sluice.flume.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server that reads newline-terminated lines, one thread per connection, for the netcat and syslog
 * sources. Lines that arrive together (already buffered) are handed over as one batch of at most
 * {@code batchSize}, so a busy sender gets one transaction per batch, not per line; the handler answers before
 * the next read. Lines longer than {@code maxLineLength} bytes are marked too long and cut. On {@link #close} the
 * listener stops, connections stop reading, the batches being handled finish (bounded wait), then sockets close.
 * Thread-safe.
 */
public final class LineServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LineServer.class);

    /** A line read from a connection. */
    public record Line(byte[] bytes, boolean tooLong) {
    }

    /** Handles a batch of a connection; runs on the connection's thread. */
    public interface Handler {
        void handle(List<Line> lines, Socket socket, OutputStream out) throws IOException;
    }

    private final String name;
    private final int maxLineLength;
    private final int batchSize;
    private final Handler handler;
    private final ServerSocket server;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;

    public LineServer(String name, String bind, int port, int maxLineLength, int batchSize, Handler handler)
            throws IOException {
        this.name = name;
        this.maxLineLength = maxLineLength;
        this.batchSize = batchSize;
        this.handler = handler;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(bind, port), 128);
        this.acceptor = new Thread(this::accept, "sluice-flume-listener | " + name);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closing) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread thread = new Thread(() -> serve(socket), "sluice-flume-connection | " + name + " "
                        + socket.getRemoteSocketAddress());
                threads.add(thread);
                thread.start();
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("{}: accept failed: {}", name, e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024)) {
            OutputStream out = socket.getOutputStream();
            List<Line> batch = new ArrayList<>();
            while (!closing) {
                Line line = readLine(in);
                if (line == null) {
                    break;
                }
                batch.add(line);
                if (batch.size() >= batchSize || in.available() == 0) {
                    handler.handle(batch, socket, out);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                handler.handle(batch, socket, out);
            }
        } catch (SocketException e) {
            LOG.debug("{}: connection {} ended: {}", name, socket.getRemoteSocketAddress(), e.toString());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: connection {} failed: {}", name, socket.getRemoteSocketAddress(), e.toString());
        } finally {
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    private Line readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        boolean tooLong = false;
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new Line(length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length), tooLong);
            }
            if (line.size() < maxLineLength) {
                line.write(c);
            } else {
                tooLong = true;
            }
        }
        return line.size() > 0 ? new Line(line.toByteArray(), tooLong) : null;
    }

    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the listener: {}", name, e.toString());
        }
        for (Socket socket : connections) {
            try {
                socket.shutdownInput();
            } catch (IOException e) {
                LOG.debug("{}: {}", name, e.toString());
            }
        }
        long deadline = System.currentTimeMillis() + 5000;
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("{}: {}", name, e.toString());
            }
        }
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
