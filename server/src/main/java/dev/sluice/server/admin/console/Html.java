package dev.sluice.server.admin.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The console's few HTML helpers. Text is escaped by default: every value that is not a {@link Raw} goes through
 * {@link #escape}, since names, bodies and properties come from the database and are written by whoever sends
 * messages. Stateless and thread-safe.
 */
final class Html {

    /** Markup the console wrote itself, inserted as it is. */
    record Raw(String html) {
        @Override
        public String toString() {
            return html;
        }
    }

    private Html() {
    }

    static Raw raw(String html) {
        return new Raw(html);
    }

    /** The value as HTML text (null: empty); a {@link Raw} as it is. */
    static String escape(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Raw markup) {
            return markup.html();
        }
        String text = value.toString();
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** {@code <a href="href">text</a>}; {@code href} is escaped as an attribute, {@code text} as text. */
    static Raw link(String href, Object text) {
        return raw("<a href=\"" + escape(href) + "\">" + escape(text) + "</a>");
    }

    /** {@code <tag>text</tag>} with the text escaped. */
    static Raw element(String tag, Object text) {
        return raw("<" + tag + ">" + escape(text) + "</" + tag + ">");
    }

    /** A path segment (or several joined by '/') percent-encoded for a URL. */
    static String pathSegments(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    /** A table with a header row; each cell is escaped unless it is {@link Raw}. */
    static Raw table(String id, List<String> headers, List<List<Object>> rows) {
        StringBuilder html = new StringBuilder("<table id=\"").append(escape(id)).append("\"><thead><tr>");
        headers.forEach(header -> html.append("<th>").append(escape(header)).append("</th>"));
        html.append("</tr></thead><tbody>");
        for (List<Object> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(escape(cell)).append("</td>"));
            html.append("</tr>");
        }
        if (rows.isEmpty()) {
            html.append("<tr><td class=\"none\" colspan=\"").append(headers.size()).append("\">none</td></tr>");
        }
        return raw(html.append("</tbody></table>").toString());
    }
}
