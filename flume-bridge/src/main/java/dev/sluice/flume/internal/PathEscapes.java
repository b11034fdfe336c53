package dev.sluice.flume.internal;

import dev.sluice.flume.Event;
import dev.sluice.flume.EventDeliveryException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Expands the escapes of the hdfs sink's path and file prefix for one event: {@code %{header}}, {@code %[localhost]},
 * {@code %[IP]}, {@code %[FQDN]}, and the time escapes {@code %Y %y %m %d %e %H %k %I %l %M %S %j %p %a %A %b %B
 * %c %D %s %t %n %z %%} taken from the {@code timestamp} header (milliseconds) or the local clock. Immutable.
 */
public final class PathEscapes {

    private final String template;
    private final ZoneId zone;
    private final boolean useLocalTime;

    public PathEscapes(String template, ZoneId zone, boolean useLocalTime) {
        this.template = template;
        this.zone = zone;
        this.useLocalTime = useLocalTime;
    }

    /** True when the template has time escapes (so an event needs a time). */
    public boolean needsTime() {
        return template.matches(".*%[a-zA-Z].*");
    }

    public String expand(Event event, long nowMillis) {
        StringBuilder out = new StringBuilder();
        ZonedDateTime time = null;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 >= template.length()) {
                out.append(c);
                continue;
            }
            char escape = template.charAt(++i);
            if (escape == '{') {
                int end = template.indexOf('}', i);
                String header = template.substring(i + 1, end);
                String value = event.headers().get(header);
                out.append(value == null ? "" : value);
                i = end;
            } else if (escape == '[') {
                int end = template.indexOf(']', i);
                out.append(host(template.substring(i + 1, end)));
                i = end;
            } else if (escape == '%') {
                out.append('%');
            } else {
                if (time == null) {
                    time = time(event, nowMillis);
                }
                out.append(timeEscape(escape, time));
            }
        }
        return out.toString();
    }

    private ZonedDateTime time(Event event, long nowMillis) {
        long millis;
        if (useLocalTime) {
            millis = nowMillis;
        } else {
            String header = event.headers().get("timestamp");
            if (header == null) {
                throw new EventDeliveryException("An event has no 'timestamp' header for the time escapes of '"
                        + template + "': expected a timestamp interceptor, or hdfs.useLocalTimeStamp = true");
            }
            try {
                millis = Long.parseLong(header.trim());
            } catch (NumberFormatException e) {
                throw new EventDeliveryException("An event's 'timestamp' header '" + header
                        + "' is not milliseconds since the epoch");
            }
        }
        return Instant.ofEpochMilli(millis).atZone(zone);
    }

    private static String timeEscape(char escape, ZonedDateTime time) {
        return switch (escape) {
            case 'Y' -> String.format("%04d", time.getYear());
            case 'y' -> String.format("%02d", time.getYear() % 100);
            case 'm' -> String.format("%02d", time.getMonthValue());
            case 'd' -> String.format("%02d", time.getDayOfMonth());
            case 'e' -> Integer.toString(time.getDayOfMonth());
            case 'H' -> String.format("%02d", time.getHour());
            case 'k' -> Integer.toString(time.getHour());
            case 'I' -> String.format("%02d", (time.getHour() + 11) % 12 + 1);
            case 'l' -> Integer.toString((time.getHour() + 11) % 12 + 1);
            case 'M' -> String.format("%02d", time.getMinute());
            case 'S' -> String.format("%02d", time.getSecond());
            case 'j' -> String.format("%03d", time.getDayOfYear());
            case 'p' -> time.getHour() < 12 ? "am" : "pm";
            case 'a' -> time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT);
            case 'A' -> time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT);
            case 'b' -> time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT);
            case 'B' -> time.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT);
            case 'c' -> time.format(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT));
            case 'D' -> time.format(DateTimeFormatter.ofPattern("MM/dd/yy", Locale.ROOT));
            case 's' -> Long.toString(time.toEpochSecond());
            case 't' -> Long.toString(time.toInstant().toEpochMilli());
            case 'n' -> Integer.toString(time.getMonthValue());
            case 'z' -> time.format(DateTimeFormatter.ofPattern("xx", Locale.ROOT));
            default -> throw new EventDeliveryException("Unknown escape %" + escape + " in an hdfs path");
        };
    }

    private static String host(String which) {
        try {
            InetAddress local = InetAddress.getLocalHost();
            return switch (which) {
                case "IP" -> local.getHostAddress();
                case "FQDN" -> local.getCanonicalHostName();
                default -> local.getHostName();
            };
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
