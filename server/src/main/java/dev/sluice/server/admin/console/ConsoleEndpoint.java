package dev.sluice.server.admin.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sluice.db.OutageLog;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.maintenance.LogBrowser;
import dev.sluice.db.maintenance.LogStatistics;
import dev.sluice.db.maintenance.ReadyQueries;
import dev.sluice.db.security.GrantStore;
import dev.sluice.server.ErrorMessages;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The web console, served by the admin endpoint: {@code /} (destinations and charts),
 * {@code /destinations/{kind}/{name}}, {@code /dead-letters}, {@code /sql}, and under {@code /console/} its
 * charts' JSON and static files. Server-rendered HTML; the only script draws the charts. Read-only: it has no
 * admin actions, and reads through the admin endpoint's short-timeout pool with the server's login, so it shows
 * every destination whatever the grants; hence, while per-destination security is on (a grant exists or the
 * default access is closed), it leaves out message properties and bodies, which the grants protect. Any other path
 * goes to {@code otherwise}.
 *
 * <p>Lifecycle: {@link #start} begins sampling for the charts, {@link #close} ends it. Thread-safe.
 */
public final class ConsoleEndpoint implements HttpHandler, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHARTS = StaticFiles.PREFIX + "charts.json";

    private final SampleRing ring = new SampleRing(Charts.SAMPLES);
    private final Sampler sampler;
    private final OverviewPage overview;
    private final DestinationPage destination;
    private final DeadLettersPage deadLetters;
    private final SqlPage sql;
    private final GrantStore grants;
    private final HttpHandler otherwise;

    /** A console reading through {@code monitoring}; {@code otherwise} answers the paths it does not serve. */
    public ConsoleEndpoint(Jdbi monitoring, OutageLog outageLog, HttpHandler otherwise) {
        LogStatistics statistics = new LogStatistics(monitoring);
        LogBrowser browser = new LogBrowser(monitoring);
        this.sampler = new Sampler(statistics, ring, Charts.INTERVAL, Clock.systemUTC(), outageLog);
        this.overview = new OverviewPage(statistics, ring);
        this.destination = new DestinationPage(statistics, browser);
        this.deadLetters = new DeadLettersPage(browser);
        this.sql = new SqlPage(new ReadyQueries(monitoring));
        this.grants = new GrantStore(monitoring);
        this.otherwise = otherwise;
    }

    /** Starts sampling the figures the charts show, on a thread named for {@code owner}. */
    public void start(String owner) {
        sampler.start(owner);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try {
            if (path.equals("/")) {
                html(exchange, 200, overview.render());
            } else if (path.startsWith(DestinationPage.PATH)) {
                destination(exchange, path.substring(DestinationPage.PATH.length()));
            } else if (path.equals(DeadLettersPage.PATH)) {
                html(exchange, 200, deadLetters.render(contentShown()));
            } else if (path.equals(SqlPage.PATH)) {
                String name = parameter(exchange.getRequestURI().getRawQuery(), "query");
                Optional<String> page = sql.render(name);
                html(exchange, page.isPresent() ? 200 : 404,
                        page.orElseGet(() -> notFound("There is no ready query named '" + name + "'")));
            } else if (path.equals(CHARTS)) {
                charts(exchange);
            } else {
                StaticFiles.StaticFile file = StaticFiles.at(path);
                if (file != null) {
                    send(exchange, 200, file.contentType(), "max-age=3600", file.bytes());
                } else {
                    otherwise.handle(exchange);
                }
            }
        } catch (RuntimeException e) {
            html(exchange, 503, Layout.page("PostgreSQL did not answer", false, Html.raw(
                    "<p class=\"error\">Could not read from PostgreSQL: " + Html.escape(ErrorMessages.oneLine(e))
                            + "</p><p>The console retries at the next reload; <a href=\"/health\">/health</a>"
                            + " tells whether the database answers.</p>")));
        }
    }

    private void destination(HttpExchange exchange, String rest) throws IOException {
        int slash = rest.indexOf('/');
        DestinationKind kind = null;
        if (slash > 0) {
            try {
                kind = DestinationKind.fromSql(rest.substring(0, slash));
            } catch (IllegalArgumentException e) {
                kind = null;
            }
        }
        if (kind == null || slash == rest.length() - 1) {
            html(exchange, 404, notFound("A destination's page is " + DestinationPage.PATH
                    + "queue/NAME or " + DestinationPage.PATH + "topic/NAME"));
            return;
        }
        String name = rest.substring(slash + 1);
        DestinationKind chosen = kind;
        Optional<String> page = destination.render(kind, name, contentShown());
        html(exchange, page.isPresent() ? 200 : 404,
                page.orElseGet(() -> notFound("There is no " + chosen.sqlName() + " named '" + name + "'")));
    }

    private void charts(HttpExchange exchange) throws IOException {
        String only = parameter(exchange.getRequestURI().getRawQuery(), "destination");
        SampleRing.Charts charts = ring.charts(name -> only == null || only.equals(name), Charts.MAX_SERIES);
        try {
            send(exchange, 200, "application/json", "no-store", JSON.writeValueAsBytes(charts));
        } catch (JsonProcessingException e) {
            throw new IOException("Could not write the console's charts as JSON", e);
        }
    }

    /** Whether message properties and bodies may be shown: only while per-destination security is off. */
    private boolean contentShown() {
        return !grants.securityOn();
    }

    private static String notFound(String message) {
        return Layout.page("Not found", false, Html.raw("<p class=\"error\">" + Html.escape(message)
                + "</p><p><a href=\"/\">All destinations</a></p>"));
    }

    private static String parameter(String rawQuery, String wanted) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(wanted)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void html(HttpExchange exchange, int status, String page) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", "no-store", page.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String cacheControl,
                             byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        }
        exchange.close();
    }

    /** Stops sampling. Idempotent. */
    @Override
    public void close() {
        sampler.close();
    }
}
