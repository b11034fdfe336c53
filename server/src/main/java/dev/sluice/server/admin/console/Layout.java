package dev.sluice.server.admin.console;

/**
 * The frame of every console page: title, navigation, the style sheet, and, for pages with charts, the chart
 * library and the script that draws them. Stateless and thread-safe.
 */
final class Layout {

    private Layout() {
    }

    static String page(String title, boolean charts, Html.Raw body) {
        StringBuilder html = new StringBuilder(4096)
                .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.escape(title)).append(" · Sluice</title>")
                .append("<link rel=\"stylesheet\" href=\"/console/console.css\">");
        if (charts) {
            html.append("<link rel=\"stylesheet\" href=\"").append(StaticFiles.UPLOT_CSS).append("\">")
                    .append("<script src=\"").append(StaticFiles.UPLOT_JS).append("\" defer></script>")
                    .append("<script src=\"/console/console.js\" defer></script>");
        }
        return html.append("</head><body><header><a class=\"brand\" href=\"/\">Sluice</a><nav>")
                .append("<a href=\"/\">Destinations</a><a href=\"/dead-letters\">Dead letters</a>")
                .append("<a href=\"/sql\">SQL</a><a href=\"/metrics\">/metrics</a></nav>")
                .append("<span class=\"mode\">read-only</span></header><main>")
                .append("<h1>").append(Html.escape(title)).append("</h1>")
                .append(body.html())
                .append("</main></body></html>\n")
                .toString();
    }
}
