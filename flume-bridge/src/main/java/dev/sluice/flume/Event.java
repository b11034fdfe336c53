package dev.sluice.flume;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Flume event: string headers and a body of bytes. On a JMS channel it travels as a {@code BytesMessage} whose
 * string properties are the headers. Interceptors change headers in place, so an event is confined to the thread
 * that handles it.
 */
public final class Event {

    private final Map<String, String> headers;
    private byte[] body;

    public Event(Map<String, String> headers, byte[] body) {
        this.headers = new LinkedHashMap<>(headers);
        this.body = Objects.requireNonNull(body, "body");
    }

    /** An event with no headers whose body is {@code text} in UTF-8. */
    public static Event ofText(String text) {
        return new Event(Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The headers, modifiable. */
    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public void setBody(byte[] body) {
        this.body = Objects.requireNonNull(body, "body");
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Event[headers=" + headers + ", body=" + body.length + " bytes]";
    }
}
