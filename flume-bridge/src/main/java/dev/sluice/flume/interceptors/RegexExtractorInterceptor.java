package dev.sluice.flume.interceptors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.Interceptor;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies the groups of the first match of {@code regex} in the body to headers ({@code type = regex_extractor}):
 * {@code serializers = s1 s2} names one serializer per group, in order; {@code serializers.s1.name} is the
 * header; {@code serializers.s1.type} is {@code default} (the text as it is) or {@code millis} (parse the text
 * with {@code serializers.s1.pattern}, a {@link DateTimeFormatter} pattern, into epoch milliseconds in the local
 * time zone). Immutable after configure.
 */
public final class RegexExtractorInterceptor implements Interceptor {

    private record Serializer(String header, DateTimeFormatter millisFormat) {
        String serialize(String text) {
            if (millisFormat == null) {
                return text;
            }
            try {
                return Long.toString(LocalDateTime.parse(text, millisFormat).atZone(ZoneId.systemDefault())
                        .toInstant().toEpochMilli());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private Pattern regex;
    private final List<Serializer> serializers = new ArrayList<>();

    @Override
    public void configure(ComponentContext context) {
        context.string("regex", "a Java regular expression with groups");
        regex = context.regex("regex", "");
        for (String name : context.list("serializers")) {
            ComponentContext serializer = context.sub("serializers." + name);
            String header = serializer.string("name", "the header the group is copied to");
            String type = serializer.stringOr("type", "default");
            DateTimeFormatter format = null;
            if (type.equalsIgnoreCase("millis") || type.endsWith("RegexExtractorInterceptorMillisSerializer")) {
                String pattern = serializer.string("pattern", "a date-time pattern such as yyyy-MM-dd HH:mm:ss");
                try {
                    format = DateTimeFormatter.ofPattern(pattern);
                } catch (IllegalArgumentException e) {
                    throw serializer.invalid("pattern", "a java.time date-time pattern (" + e.getMessage() + ")");
                }
            } else if (!type.equalsIgnoreCase("default")
                    && !type.endsWith("RegexExtractorInterceptorPassThroughSerializer")) {
                throw serializer.invalid("type", "default or millis");
            }
            serializer.rejectUnreadKeys("regex_extractor serializer " + name);
            serializers.add(new Serializer(header, format));
        }
    }

    @Override
    public Event intercept(Event event) {
        Matcher matcher = regex.matcher(event.bodyText());
        if (matcher.find()) {
            for (int group = 1; group <= Math.min(matcher.groupCount(), serializers.size()); group++) {
                String text = matcher.group(group);
                if (text != null) {
                    String value = serializers.get(group - 1).serialize(text);
                    if (value != null) {
                        event.headers().put(serializers.get(group - 1).header(), value);
                    }
                }
            }
        }
        return event;
    }
}
