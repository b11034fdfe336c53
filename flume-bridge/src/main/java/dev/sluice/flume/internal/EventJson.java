package dev.sluice.flume.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.flume.Event;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flume's JSON event format: an array of {@code {"headers": {"k": "v"}, "body": "text"}}. Used by the http source
 * (Flume's JSONHandler), the http sink and the jdbc sink's header column. Thread-safe.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {
    }

    /** A bad request body, with the reason a client can act on. */
    public static final class MalformedEventsException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedEventsException(String message) {
            super(message);
        }
    }

    public static List<Event> parse(InputStream in, Charset charset) throws IOException, MalformedEventsException {
        JsonNode root;
        try {
            root = MAPPER.readTree(new java.io.InputStreamReader(in, charset));
        } catch (JsonProcessingException e) {
            throw new MalformedEventsException("The body is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (root == null || !root.isArray()) {
            throw new MalformedEventsException("Expected a JSON array of {\"headers\": {...}, \"body\": \"...\"}"
                    + " events, got " + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        List<Event> events = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            if (!node.isObject()) {
                throw new MalformedEventsException("Event " + i + " is not a JSON object");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode headerNode = node.get("headers");
            if (headerNode != null && !headerNode.isNull()) {
                if (!headerNode.isObject()) {
                    throw new MalformedEventsException("Event " + i + ": \"headers\" is not a JSON object");
                }
                Iterator<Map.Entry<String, JsonNode>> fields = headerNode.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                        throw new MalformedEventsException("Event " + i + ": header \"" + field.getKey()
                                + "\" is not a string");
                    }
                    headers.put(field.getKey(), field.getValue().asText());
                }
            }
            JsonNode body = node.get("body");
            if (body != null && !body.isNull() && !body.isValueNode()) {
                throw new MalformedEventsException("Event " + i + ": \"body\" is not a string");
            }
            String text = body == null || body.isNull() ? "" : body.asText();
            events.add(new Event(headers, text.getBytes(charset)));
        }
        return events;
    }

    public static byte[] write(List<Event> events) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Event event : events) {
            ObjectNode node = array.addObject();
            ObjectNode headers = node.putObject("headers");
            event.headers().forEach(headers::put);
            node.put("body", event.bodyText());
        }
        try {
            return MAPPER.writeValueAsBytes(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Events could not be written as JSON", e);
        }
    }

    public static String headers(Map<String, String> headers) {
        try {
            return MAPPER.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Headers could not be written as JSON", e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
