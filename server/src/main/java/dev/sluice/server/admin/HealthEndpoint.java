package dev.sluice.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sluice.server.ErrorMessages;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /health}: 200 with {@code "status": "UP"} when the server runs and its database answers a query
 * within {@value MonitoringPool#ANSWER_WITHIN_SECONDS} s (the {@link MonitoringPool}'s bounds), else 503 with
 * {@code "status": "DOWN"} and the database's error. The body also says whether this server leads, which server
 * does, and the live servers. Thread-safe.
 */
final class HealthEndpoint implements HttpHandler {

    private final Jdbi monitoring;
    private final ServerStatus status;

    HealthEndpoint(Jdbi monitoring, ServerStatus status) {
        this.monitoring = monitoring;
        this.status = status;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Responses.onlyGet(exchange)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String databaseState;
        boolean up;
        try {
            monitoring.useHandle(handle -> handle.createQuery("select 1")
                    .mapTo(Integer.class)
                    .one());
            databaseState = "UP";
            up = true;
        } catch (RuntimeException e) {
            databaseState = "DOWN: " + ErrorMessages.oneLine(e);
            up = false;
        }
        body.put("status", up ? "UP" : "DOWN");
        body.put("database", databaseState);
        body.put("serverId", status.serverId());
        body.put("leader", status.leader());
        body.put("startedAt", status.startedAt());
        if (up) {
            try {
                body.put("leaderId", status.leaderId().orElse(null));
                body.put("servers", status.members());
            } catch (RuntimeException e) {
                body.put("coordination", "DOWN: " + ErrorMessages.oneLine(e));
            }
        }
        Responses.json(exchange, up ? 200 : 503, body);
    }
}
