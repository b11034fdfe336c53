package dev.sluice.flume.interceptors;

import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.Interceptor;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.regex.Pattern;

/**
 * Replaces every match of {@code searchPattern} in the body with {@code replaceString} (default empty; {@code $1}
 * refers to groups), decoding and encoding with {@code charset} (default UTF-8) ({@code type = search_replace}).
 * Immutable after configure.
 */
public final class SearchReplaceInterceptor implements Interceptor {

    private Pattern search;
    private String replacement;
    private Charset charset;

    @Override
    public void configure(ComponentContext context) {
        context.string("searchPattern", "a Java regular expression to search the body for");
        search = context.regex("searchPattern", "");
        replacement = context.stringOr("replaceString", "");
        String charsetName = context.stringOr("charset", "UTF-8");
        try {
            charset = Charset.forName(charsetName);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw context.invalid("charset", "a character set name such as UTF-8");
        }
    }

    @Override
    public Event intercept(Event event) {
        String body = new String(event.body(), charset);
        event.setBody(search.matcher(body).replaceAll(replacement).getBytes(charset));
        return event;
    }
}
