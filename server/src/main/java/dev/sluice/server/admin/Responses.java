package dev.sluice.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.sun.net.httpserver.HttpExchange;
import dev.sluice.db.log.DestinationKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Writes the admin endpoint's responses: JSON through one configured {@link ObjectMapper} (instants as ISO-8601
 * text, destination kinds as {@code queue}/{@code topic}), plain text, and JSON errors. Stateless and thread-safe.
 */
final class Responses {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("sluice-admin")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(DestinationKind.class, new StdSerializer<>(DestinationKind.class) {
                        @Override
                        public void serialize(DestinationKind kind, JsonGenerator generator,
                                              SerializerProvider provider) throws IOException {
                            generator.writeString(kind.sqlName());
                        }
                    }));

    private Responses() {
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException("Could not write the response of " + exchange.getRequestURI() + " as JSON", e);
        }
        send(exchange, status, "application/json", bytes);
    }

    static void text(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Map.of("status", status, "error", message));
    }

    /** Answers 405 unless the request is a GET (or HEAD); returns whether it may proceed. */
    static boolean onlyGet(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        error(exchange, 405, "Method " + method + " is not allowed on " + exchange.getRequestURI().getPath()
                + "; the admin endpoint is read-only (GET)");
        return false;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        }
        exchange.close();
    }
}
