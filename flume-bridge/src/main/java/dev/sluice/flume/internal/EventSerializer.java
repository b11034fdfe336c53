package dev.sluice.flume.internal;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How file sinks write an event: {@code text} (the body) or {@code header_and_text} (the headers as
 * {@code {k=v, ...}}, a space, then the body), each followed by a newline unless {@code appendNewline = false}.
 * Immutable.
 */
public record EventSerializer(boolean withHeaders, boolean appendNewline) {

    /** Reads {@code serializerKey} (e.g. {@code sink.serializer}) and {@code serializerKey.appendNewline}. */
    public static EventSerializer read(ComponentContext context, String serializerKey) {
        String type = context.choice(serializerKey, "text", "text", "header_and_text");
        boolean newline = context.bool(serializerKey + ".appendNewline", true);
        return new EventSerializer(type.equals("header_and_text"), newline);
    }

    public void write(Event event, ByteArrayOutputStream out) {
        if (withHeaders) {
            out.writeBytes((event.headers() + " ").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(event.body());
        if (appendNewline) {
            out.write('\n');
        }
    }
}
