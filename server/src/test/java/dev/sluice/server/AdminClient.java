package dev.sluice.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** GETs from a server's admin endpoint, for tests. */
final class AdminClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private AdminClient() {
    }

    static HttpResponse<String> get(URI base, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + base.resolve(path) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted during GET " + base.resolve(path), e);
        }
    }

    /** GETs {@code path}, failing when no answer has come within {@code deadline} (a bound the spec sets). */
    static HttpResponse<String> getWithin(URI base, String path, Duration deadline) {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(deadline).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("GET " + base.resolve(path) + " did not answer within " + deadline.toMillis()
                    + " ms", e);
        } catch (IOException e) {
            throw new AssertionError("GET " + base.resolve(path) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted during GET " + base.resolve(path), e);
        }
    }

    static PrometheusText metrics(URI base) {
        HttpResponse<String> response = get(base, "metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return PrometheusText.parse(response.body());
    }
}
