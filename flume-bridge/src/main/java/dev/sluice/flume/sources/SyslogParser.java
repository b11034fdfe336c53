package dev.sluice.flume.sources;

import dev.sluice.flume.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses one syslog message, RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG}) or RFC 3164
 * ({@code <PRI>Mmm dd hh:mm:ss HOST MSG}), into an event: headers {@code Facility}, {@code Severity},
 * {@code timestamp} (epoch milliseconds), {@code host}, and for RFC 5424 also {@code appname}, {@code procid},
 * {@code msgid} when present; the body is the message (the whole line with {@code keepFields = all}). A line that
 * is neither gets {@code flume.syslog.status = Invalid} and the whole line as its body. RFC 3164 dates have no
 * year: the current one, or the previous if that would put the date more than a day ahead. Immutable.
 */
final class SyslogParser {

    private static final DateTimeFormatter RFC3164 = DateTimeFormatter.ofPattern("yyyy MMM ppd HH:mm:ss",
            Locale.ENGLISH);

    private final boolean keepAll;
    private final Clock clock;
    private final ZoneId zone;

    SyslogParser(boolean keepAll, Clock clock) {
        this.keepAll = keepAll;
        this.clock = clock;
        this.zone = ZoneId.systemDefault();
    }

    Event parse(byte[] bytes) {
        String line = new String(bytes, StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        int close = line.indexOf('>');
        if (!line.startsWith("<") || close < 2 || close > 4) {
            return invalid(line, headers);
        }
        int priority;
        try {
            priority = Integer.parseInt(line.substring(1, close));
        } catch (NumberFormatException e) {
            return invalid(line, headers);
        }
        if (priority > 191) {
            return invalid(line, headers);
        }
        headers.put("Facility", Integer.toString(priority / 8));
        headers.put("Severity", Integer.toString(priority % 8));
        String rest = line.substring(close + 1);
        String message = rest.length() > 1 && Character.isDigit(rest.charAt(0)) && rest.charAt(1) == ' '
                ? parse5424(rest.substring(2), headers) : parse3164(rest, headers);
        if (message == null) {
            return invalid(line, headers);
        }
        String body = keepAll ? line : message;
        return new Event(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private String parse5424(String rest, Map<String, String> headers) {
        String[] fields = rest.split(" ", 6);
        if (fields.length < 5) {
            return null;
        }
        if (!fields[0].equals("-")) {
            try {
                headers.put("timestamp", Long.toString(OffsetDateTime.parse(fields[0]).toInstant().toEpochMilli()));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        putUnlessNil(headers, "host", fields[1]);
        putUnlessNil(headers, "appname", fields[2]);
        putUnlessNil(headers, "procid", fields[3]);
        putUnlessNil(headers, "msgid", fields[4]);
        String tail = fields.length > 5 ? fields[5] : "-";
        String message;
        if (tail.startsWith("-")) {
            message = tail.length() > 1 ? tail.substring(2) : "";
        } else if (tail.startsWith("[")) {
            int end = structuredDataEnd(tail);
            if (end < 0) {
                return null;
            }
            message = end < tail.length() ? tail.substring(Math.min(tail.length(), end + 1)) : "";
        } else {
            return null;
        }
        return message.startsWith("\uFEFF") ? message.substring(1) : message;
    }

    /** The index after the last {@code ]} of the structured data (quoted values may hold escaped brackets). */
    private static int structuredDataEnd(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) == '[') {
            boolean quoted = false;
            i++;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ']' && !quoted) {
                    break;
                }
            }
            if (i >= text.length()) {
                return -1;
            }
            i++;
        }
        return i;
    }

    private String parse3164(String rest, Map<String, String> headers) {
        if (rest.length() < 16 || rest.charAt(15) != ' ') {
            return null;
        }
        try {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
            LocalDateTime parsed = LocalDateTime.parse(now.getYear() + " " + rest.substring(0, 15), RFC3164);
            ZonedDateTime time = parsed.atZone(zone);
            if (time.isAfter(now.plusDays(1))) {
                time = time.minusYears(1);
            }
            headers.put("timestamp", Long.toString(time.toInstant().toEpochMilli()));
        } catch (DateTimeParseException e) {
            return null;
        }
        String afterDate = rest.substring(16);
        int space = afterDate.indexOf(' ');
        if (space <= 0) {
            headers.put("host", afterDate);
            return "";
        }
        headers.put("host", afterDate.substring(0, space));
        return afterDate.substring(space + 1);
    }

    private static void putUnlessNil(Map<String, String> headers, String key, String value) {
        if (!value.equals("-")) {
            headers.put(key, value);
        }
    }

    private static Event invalid(String line, Map<String, String> headers) {
        headers.clear();
        headers.put("flume.syslog.status", "Invalid");
        return new Event(headers, line.getBytes(StandardCharsets.UTF_8));
    }
}
