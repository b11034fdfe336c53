package dev.sluice.flume.internal;

import dev.sluice.flume.Event;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts events to JMS messages and back: a {@code BytesMessage} whose string properties are the headers
 * (names mapped by {@link HeaderNames}). Messages from other producers are read too: a {@code TextMessage}'s
 * text becomes a UTF-8 body, other bodies are empty, properties of any type become string headers. Stateless.
 */
public final class EventMessages {

    private EventMessages() {
    }

    public static BytesMessage toMessage(Session session, Event event) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        for (Map.Entry<String, String> header : event.headers().entrySet()) {
            if (header.getValue() != null) {
                message.setStringProperty(HeaderNames.toProperty(header.getKey()), header.getValue());
            }
        }
        message.writeBytes(event.body());
        return message;
    }

    public static Event toEvent(Message message) throws JMSException {
        Map<String, String> headers = new LinkedHashMap<>();
        Enumeration<?> names = message.getPropertyNames();
        while (names.hasMoreElements()) {
            String property = (String) names.nextElement();
            String header = HeaderNames.toHeader(property);
            if (header != null) {
                Object value = message.getObjectProperty(property);
                headers.put(header, value == null ? null : value.toString());
            }
        }
        byte[] body;
        if (message instanceof BytesMessage bytes) {
            body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
        } else if (message instanceof TextMessage text) {
            String value = text.getText();
            body = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        } else {
            body = new byte[0];
        }
        return new Event(headers, body);
    }
}
