package dev.sluice.flume.sinks;

import dev.sluice.flume.BatchSink;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.EventDeliveryException;
import dev.sluice.flume.internal.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * POSTs each batch as Flume's JSON event array to {@code endpoint} ({@code type = http}); a 2xx answer commits the
 * take, anything else rolls it back. Keys: {@code endpoint} (required), {@code connectTimeout} (5000 ms),
 * {@code requestTimeout} (5000 ms), {@code contentTypeHeader} (application/json), {@code batchSize} (100).
 * Confined to its runner thread.
 */
public final class HttpSink extends BatchSink {

    private URI endpoint;
    private Duration requestTimeout;
    private String contentType;
    private HttpClient client;

    @Override
    protected void configureSink(ComponentContext context) {
        String value = context.string("endpoint", "the URL to POST batches to, such as http://host:8080/events");
        try {
            endpoint = new URI(value);
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
                throw context.invalid("endpoint", "an http:// or https:// URL");
            }
        } catch (URISyntaxException e) {
            throw context.invalid("endpoint", "a URL (" + e.getReason() + ")");
        }
        Duration connectTimeout = Duration.ofMillis(context.number("connectTimeout", 5000, 1, Integer.MAX_VALUE));
        requestTimeout = Duration.ofMillis(context.number("requestTimeout", 5000, 1, Integer.MAX_VALUE));
        contentType = context.stringOr("contentTypeHeader", "application/json");
        setBatchSize(context.integer("batchSize", 100, 1, 100_000));
        client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    @Override
    protected void write(List<Event> batch) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.write(batch))).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new EventDeliveryException(endpoint + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }
}
