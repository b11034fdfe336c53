package dev.sluice.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.maintenance.DestinationStatistics;
import dev.sluice.db.maintenance.LogStatistics;
import dev.sluice.server.ErrorMessages;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/destinations}: every destination with its figures, as a JSON array (add {@code ?kind=queue} or
 * {@code ?kind=topic} to filter, {@code ?temporary=true} to include temporary ones).
 * {@code GET /api/destinations/{name}}: one destination with its partitions and subscriptions; the name is
 * everything after the prefix, URL-decoded, so {@code logs/web} works as it is. A queue and a topic may share a
 * name: then {@code ?kind=} is required (409 otherwise). 404 when there is none. Thread-safe.
 */
final class DestinationsEndpoint implements HttpHandler {

    static final String PATH = "/api/destinations";

    private final LogStatistics statistics;

    DestinationsEndpoint(LogStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Responses.onlyGet(exchange)) {
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        DestinationKind kind;
        try {
            kind = query.containsKey("kind") ? DestinationKind.fromSql(query.get("kind")) : null;
        } catch (IllegalArgumentException e) {
            Responses.error(exchange, 400, "kind '" + query.get("kind") + "' is neither queue nor topic");
            return;
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        String rest = rawPath.length() > PATH.length() ? rawPath.substring(PATH.length()) : "";
        try {
            if (rest.isEmpty() || rest.equals("/")) {
                list(exchange, kind, Boolean.parseBoolean(query.get("temporary")));
            } else {
                one(exchange, URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8), kind);
            }
        } catch (RuntimeException e) {
            Responses.error(exchange, 503, "Could not read the destinations from PostgreSQL: "
                    + ErrorMessages.oneLine(e));
        }
    }

    private void list(HttpExchange exchange, DestinationKind kind, boolean includeTemporary) throws IOException {
        List<DestinationStatistics> destinations = statistics.destinations().stream()
                .filter(destination -> kind == null || destination.kind() == kind)
                .filter(destination -> includeTemporary || !destination.temporary())
                .toList();
        Responses.json(exchange, 200, destinations);
    }

    private void one(HttpExchange exchange, String name, DestinationKind kind) throws IOException {
        List<DestinationStatistics> named = statistics.destinationsNamed(name).stream()
                .filter(destination -> kind == null || destination.kind() == kind)
                .toList();
        if (named.isEmpty()) {
            Responses.error(exchange, 404, "There is no " + (kind == null ? "queue or topic" : kind.sqlName())
                    + " named '" + name + "'");
            return;
        }
        if (named.size() > 1) {
            Responses.error(exchange, 409, "Both a queue and a topic are named '" + name
                    + "'; add ?kind=queue or ?kind=topic");
            return;
        }
        DestinationStatistics destination = named.get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new LinkedHashMap<>(Responses.JSON.convertValue(destination, Map.class));
        body.put("partitionDetails", statistics.partitions(destination.id()));
        body.put("subscriptionDetails", statistics.subscriptions(destination.id()));
        Responses.json(exchange, 200, body);
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.put(key, value);
        }
        return parameters;
    }
}
