package dev.sluice.server.admin.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.db.maintenance.BrowsedMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Messages as a table: where each is (partition and offset), when it was sent, its JMS headers, its properties,
 * its body (a text body as text, cut at {@value #BODY_SHOWN} characters; others by type and size) and how far each
 * subscription got with it. Everything in it comes from senders and is escaped. When per-destination security is
 * on, properties and bodies are left out (the console reads with the server's login, past the grants). Stateless
 * and thread-safe.
 */
final class MessageList {

    static final int BODY_SHOWN = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageList() {
    }

    /** The table; with {@code contentShown} false, without properties and bodies. */
    static Html.Raw table(String id, List<BrowsedMessage> messages, boolean contentShown) {
        List<List<Object>> rows = new ArrayList<>();
        Html.Raw hidden = Html.raw("<span class=\"hidden\">hidden: security is on</span>");
        for (BrowsedMessage message : messages) {
            rows.add(List.of(message.partition() + "/" + message.offset(), Html.element("time", message.sentAt()),
                    headers(message), contentShown ? properties(message.properties()) : hidden,
                    contentShown ? body(message) : hidden, properties(message.deliveryState())));
        }
        return Html.table(id, List.of("partition/offset", "sent", "headers", "properties", "body", "delivery"), rows);
    }

    private static Html.Raw headers(BrowsedMessage message) {
        List<Map.Entry<String, Object>> headers = new ArrayList<>();
        add(headers, "JMSMessageID", message.messageId());
        add(headers, "JMSCorrelationID", message.correlationId());
        add(headers, "JMSType", message.jmsType());
        add(headers, "JMSReplyTo", message.replyTo());
        add(headers, "JMSPriority", message.priority());
        add(headers, "JMSDeliveryMode", message.persistent() ? "persistent" : "non-persistent");
        add(headers, "JMSExpiration", message.expiresAt());
        if (message.deliverAt() != null && message.sentAt() != null && message.deliverAt().isAfter(message.sentAt())) {
            add(headers, "JMSDeliveryTime", message.deliverAt());
        }
        add(headers, "JMSXGroupID", message.groupId());
        add(headers, "deliveries", message.deliveryCount());
        return definitions(headers);
    }

    private static void add(List<Map.Entry<String, Object>> entries, String name, Object value) {
        if (value != null) {
            entries.add(Map.entry(name, value));
        }
    }

    /** A JSON object's members as name/value pairs; text that is not a JSON object as it is. */
    private static Html.Raw properties(String json) {
        if (json == null) {
            return Html.raw("");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return Html.element("code", json);
        }
        if (!node.isObject()) {
            return Html.element("code", json);
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            entries.add(Map.entry(field.getKey(), value.isTextual() ? value.textValue() : value.toString()));
        }
        return definitions(entries);
    }

    private static Html.Raw definitions(List<Map.Entry<String, Object>> entries) {
        StringBuilder html = new StringBuilder("<dl>");
        for (Map.Entry<String, Object> entry : entries) {
            html.append("<dt>").append(Html.escape(entry.getKey())).append("</dt><dd>")
                    .append(Html.escape(entry.getValue())).append("</dd>");
        }
        return Html.raw(html.append("</dl>").toString());
    }

    private static Html.Raw body(BrowsedMessage message) {
        String type = message.bodyType() + ", " + message.bodySize() + (message.bodySize() == 1 ? " byte" : " bytes");
        if (message.bodyText() == null) {
            return Html.element("span", "(" + type + ")");
        }
        String text = message.bodyText();
        String shown = text.length() > BODY_SHOWN ? text.substring(0, BODY_SHOWN) + " …" : text;
        return Html.raw("<pre class=\"body\">" + Html.escape(shown) + "</pre><small>" + Html.escape(type)
                + "</small>");
    }
}
