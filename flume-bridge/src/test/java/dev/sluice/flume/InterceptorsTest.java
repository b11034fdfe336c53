package dev.sluice.flume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flume.internal.HeaderNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Interceptors as configured from keys, and the header name mapping. No database needed. */
class InterceptorsTest {

    private static Interceptor interceptor(String type, String... keys) {
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
            values.put(key.substring(0, key.indexOf('=')).trim(), key.substring(key.indexOf('=') + 1).trim());
        }
        ComponentContext context = new ComponentContext("a1", "i1", "a1.sources.r1.interceptors.i1.", values);
        Interceptor interceptor = ComponentTypes.create(ComponentTypes.INTERCEPTORS, type, "type");
        interceptor.configure(context);
        context.rejectUnreadKeys(type);
        return interceptor;
    }

    private static Event event(String body, String... headers) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return new Event(map, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void timestampHostStaticAndUuidSetHeaders() {
        Event event = event("x", "kept", "old");
        interceptor("timestamp").intercept(event);
        interceptor("host", "hostHeader = machine").intercept(event);
        interceptor("static", "key = kept", "value = new").intercept(event);
        interceptor("static", "key = datacenter", "value = eu-1").intercept(event);
        interceptor("uuid", "prefix = id-").intercept(event);
        assertThat(Long.parseLong(event.headers().get("timestamp"))).isPositive();
        assertThat(event.headers()).containsKey("machine").containsEntry("kept", "old")
                .containsEntry("datacenter", "eu-1");
        assertThat(event.headers().get("id")).startsWith("id-").hasSize(3 + 36);
    }

    @Test
    void removeHeaderRemovesByNameListAndPattern() {
        Event event = event("x", "a", "1", "b", "2", "c", "3", "tmp.x", "4", "keep", "5");
        interceptor("remove_header", "withName = a", "fromList = b, c", "matching = tmp\\..*").intercept(event);
        assertThat(event.headers()).containsOnlyKeys("keep");
    }

    @Test
    void regexFilterKeepsOrDropsAndSearchReplaceRewritesTheBody() {
        List<Event> kept = interceptor("regex_filter", "regex = ERROR").intercept(
                List.of(event("INFO ok"), event("ERROR bad")));
        assertThat(kept).extracting(Event::bodyText).containsExactly("ERROR bad");
        List<Event> dropped = interceptor("regex_filter", "regex = DEBUG", "excludeEvents = true").intercept(
                List.of(event("DEBUG noise"), event("INFO ok")));
        assertThat(dropped).extracting(Event::bodyText).containsExactly("INFO ok");
        Event masked = interceptor("search_replace", "searchPattern = \\d{4}-\\d{4}", "replaceString = ****")
                .intercept(event("card 1234-5678 used"));
        assertThat(masked.bodyText()).isEqualTo("card **** used");
    }

    @Test
    void regexExtractorCopiesGroupsToHeadersAndParsesMillis() {
        Event event = interceptor("regex_extractor", "regex = ^(\\S+) \\[(.+?)\\]", "serializers = ip when",
                "serializers.ip.name = client", "serializers.when.name = timestamp",
                "serializers.when.type = millis", "serializers.when.pattern = yyyy-MM-dd HH:mm:ss")
                .intercept(event("10.0.0.1 [2024-01-02 03:04:05] GET /"));
        assertThat(event.headers()).containsEntry("client", "10.0.0.1");
        assertThat(event.headers().get("timestamp")).isEqualTo(Long.toString(java.time.LocalDateTime
                .of(2024, 1, 2, 3, 4, 5).atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli()));
    }

    @Test
    void headerNamesThatAreNotJmsIdentifiersAreMappedReversibly() {
        for (String name : List.of("host", "Content-Type", "JMSType", "and", "a$b", "flume$x", "über", "1st",
                "with space", "x.y")) {
            String property = HeaderNames.toProperty(name);
            assertThat(HeaderNames.toHeader(property)).as(name + " -> " + property).isEqualTo(name);
            assertThat(Character.isJavaIdentifierStart(property.charAt(0))).isTrue();
            assertThat(property).doesNotStartWith("JMS");
        }
        assertThat(HeaderNames.toProperty("host")).isEqualTo("host");
        assertThat(HeaderNames.toHeader("JMSXDeliveryCount")).isNull();
    }
}
