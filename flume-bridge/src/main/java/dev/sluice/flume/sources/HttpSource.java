package dev.sluice.flume.sources;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.flume.AbstractSource;
import dev.sluice.flume.ChannelException;
import dev.sluice.flume.ChannelFullException;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.internal.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts POSTs of Flume's JSON event arrays ({@code type = http}, Flume's JSONHandler): each request is one batch,
 * answered 200 only after it is committed to every required channel, 400 with the reason when the body is not a
 * JSON array of {@code {"headers": {...}, "body": "..."}}, 405 for other methods, 503 when a channel is full
 * (retry later) and 500 when a put failed. The charset comes from the request's Content-Type (UTF-8 by
 * default). Keys: {@code port} (required; 0 = any free port), {@code bind} (0.0.0.0), {@code handler} (the JSON
 * handler, the only one built in), {@code maxThreads} (8). Thread-safe.
 */
public final class HttpSource extends AbstractSource {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);

    private String bind;
    private int port;
    private int maxThreads;
    private HttpServer server;
    private ExecutorService executor;

    @Override
    protected void configureSource(ComponentContext context) {
        port = context.requiredInteger("port", 0, 65535, "the TCP port to listen on");
        bind = context.stringOr("bind", "0.0.0.0");
        String handler = context.stringOr("handler", "org.apache.flume.source.http.JSONHandler");
        if (!handler.equals("org.apache.flume.source.http.JSONHandler") && !handler.equalsIgnoreCase("json")) {
            throw context.invalid("handler", "org.apache.flume.source.http.JSONHandler (or json), the built-in"
                    + " handler");
        }
        maxThreads = context.integer("maxThreads", 8, 1, 1000);
        context.bool("enableSSL", false);
        if (context.bool("enableSSL", false)) {
            throw context.invalid("enableSSL", "false; put a TLS proxy in front of the http source");
        }
    }

    @Override
    public void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("source " + name() + " cannot listen on " + bind + ":" + port, e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(maxThreads, runnable -> new Thread(runnable,
                "sluice-flume-http | " + name() + "-" + threads.incrementAndGet()));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("source {}: http listening on {}:{}", name(), bind, port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, "Only POST is accepted: a JSON array of {\"headers\": {...}, \"body\": \"...\"}");
                return;
            }
            List<Event> events;
            try (InputStream body = exchange.getRequestBody()) {
                events = EventJson.parse(body, charset(exchange.getRequestHeaders().getFirst("Content-Type")));
            } catch (EventJson.MalformedEventsException e) {
                counters.increment(dev.sluice.flume.Counters.EVENT_READ_FAIL);
                reply(exchange, 400, e.getMessage());
                return;
            } catch (IllegalArgumentException e) {
                reply(exchange, 400, e.getMessage());
                return;
            }
            try {
                deliver(events);
            } catch (ChannelFullException e) {
                reply(exchange, 503, e.getMessage());
                return;
            } catch (ChannelException e) {
                reply(exchange, 500, e.getMessage());
                return;
            }
            reply(exchange, 200, "");
        }
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String trimmed = part.trim();
                if (trimmed.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    try {
                        return Charset.forName(trimmed.substring("charset=".length()).replace("\"", ""));
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("Unknown charset in Content-Type: " + contentType);
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static void reply(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = message.isEmpty() ? new byte[0] : (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(5);
            executor.shutdown();
            try {
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
