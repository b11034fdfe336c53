package dev.sluice.server.admin.console;

import dev.sluice.db.maintenance.ReadyQueries;
import dev.sluice.db.maintenance.ReadyQueries.ReadyQuery;
import dev.sluice.server.ErrorMessages;
import dev.sluice.server.admin.MonitoringPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /sql?query=NAME}: the SQL history view's ready queries ({@link ReadyQueries}), each a link; the chosen one
 * (the first by default) is shown as SQL to copy into psql or {@code sluice sql} and run read-only here with its
 * result. No other SQL can be run from the console. Thread-safe.
 */
final class SqlPage {

    static final String PATH = "/sql";

    private final ReadyQueries queries;

    SqlPage(ReadyQueries queries) {
        this.queries = queries;
    }

    /** The page with {@code name}'s result (null: the first query), or empty when there is no such query. */
    Optional<String> render(String name) {
        Optional<ReadyQuery> chosen = name == null ? ReadyQueries.all().stream().findFirst()
                : ReadyQueries.named(name);
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        ReadyQuery query = chosen.get();
        StringBuilder body = new StringBuilder("<p>Ready queries over the views <code>sluice.messages</code> and"
                + " <code>sluice.subscription_lag</code>, run read-only:</p><ul id=\"queries\">");
        for (ReadyQuery each : ReadyQueries.all()) {
            body.append("<li").append(each.equals(query) ? " class=\"chosen\">" : ">")
                    .append(Html.link(PATH + "?query=" + Html.pathSegments(each.name()), each.title()))
                    .append("</li>");
        }
        body.append("</ul><h2>").append(Html.escape(query.title())).append("</h2><pre id=\"sql\">")
                .append(Html.escape(query.sql())).append("</pre>");
        try {
            ReadyQueries.Result result = queries.run(query);
            List<List<Object>> rows = new ArrayList<>();
            result.rows().forEach(row -> rows.add(new ArrayList<>(row)));
            body.append(Html.table("result", result.columns(), rows)).append("<p class=\"note\">")
                    .append(result.rows().size()).append(result.rows().size() == 1 ? " row" : " rows")
                    .append("</p>");
        } catch (RuntimeException e) {
            body.append("<p id=\"error\" class=\"error\">The query failed: ").append(Html.escape(
                    ErrorMessages.oneLine(e))).append("</p><p class=\"note\">The console gives a query at most ")
                    .append(MonitoringPool.STATEMENT_TIMEOUT_MS).append(" ms (its pool's limit, which keeps /health quick); a query over"
                            + " the whole of a large log takes longer: run it with psql or <code>sluice sql</code>,"
                            + " which have no such limit.</p>");
        }
        return Optional.of(Layout.page("SQL", false, Html.raw(body.toString())));
    }
}
