package dev.sluice.server.command;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * Prints a received JMS message for people: its headers (those that are set), its properties with their types, and
 * its body (text as it is, bytes as hex, a map's entries, an object's class). Stateless.
 */
final class MessagePrinter {

    private static final int MAX_HEX_BYTES = 64;

    private MessagePrinter() {
    }

    static void print(PrintStream out, int number, Message message) throws JMSException {
        out.println("--- message " + number + " from " + message.getJMSDestination());
        out.println("JMSMessageID:      " + message.getJMSMessageID());
        out.println("JMSTimestamp:      " + Instant.ofEpochMilli(message.getJMSTimestamp()));
        out.println("JMSDeliveryMode:   " + (message.getJMSDeliveryMode() == DeliveryMode.PERSISTENT
                ? "PERSISTENT" : "NON_PERSISTENT"));
        out.println("JMSPriority:       " + message.getJMSPriority());
        out.println("JMSRedelivered:    " + message.getJMSRedelivered());
        out.println("JMSXDeliveryCount: " + message.getIntProperty("JMSXDeliveryCount"));
        optional(out, "JMSCorrelationID:  ", message.getJMSCorrelationID());
        optional(out, "JMSReplyTo:        ", message.getJMSReplyTo());
        optional(out, "JMSType:           ", message.getJMSType());
        if (message.getJMSExpiration() != 0) {
            out.println("JMSExpiration:     " + Instant.ofEpochMilli(message.getJMSExpiration()));
        }
        if (message.getJMSDeliveryTime() != 0 && message.getJMSDeliveryTime() != message.getJMSTimestamp()) {
            out.println("JMSDeliveryTime:   " + Instant.ofEpochMilli(message.getJMSDeliveryTime()));
        }
        List<String> names = new ArrayList<>();
        for (Object name : Collections.list(message.getPropertyNames())) {
            names.add((String) name);
        }
        Collections.sort(names);
        for (String name : names) {
            if (name.equals("JMSXDeliveryCount")) {
                continue;
            }
            Object value = message.getObjectProperty(name);
            out.println("property " + name + " (" + (value == null ? "null" : value.getClass().getSimpleName())
                    + "): " + value);
        }
        out.println(body(message));
    }

    /** The body alone, as {@code --body-only} prints it. */
    static String bodyOnly(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return String.valueOf(text.getText());
        }
        return body(message);
    }

    private static String body(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return "body (text): " + text.getText();
        }
        if (message instanceof BytesMessage bytes) {
            int length = (int) bytes.getBodyLength();
            byte[] head = new byte[Math.min(length, MAX_HEX_BYTES)];
            bytes.readBytes(head);
            bytes.reset();
            return "body (bytes, " + length + " bytes): " + HexFormat.of().formatHex(head)
                    + (length > MAX_HEX_BYTES ? "..." : "");
        }
        if (message instanceof MapMessage map) {
            List<String> entries = new ArrayList<>();
            for (Object name : Collections.list(map.getMapNames())) {
                entries.add(name + "=" + map.getObject((String) name));
            }
            Collections.sort(entries);
            return "body (map): " + String.join(", ", entries);
        }
        if (message instanceof ObjectMessage) {
            return "body (object)";
        }
        if (message instanceof StreamMessage) {
            return "body (stream)";
        }
        return "body: none";
    }

    private static void optional(PrintStream out, String label, Object value) {
        if (value != null) {
            out.println(label + value);
        }
    }
}
