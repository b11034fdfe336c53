package dev.sluice.jms.internal.selector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random test messages over a few property names, drawing values from pools of awkward ones: every numeric type,
 * float-vs-double values, NaN, infinities, -0.0, longs around 2<sup>53</sup>, strings with LIKE wildcards, quotes,
 * backslashes, U+0000, unpaired surrogates and supplementary characters, booleans, null and absent. Deterministic
 * for a seed. Not thread-safe.
 */
final class RandomMessages {

    static final List<String> PROPERTY_NAMES = List.of("p0", "p1", "p2", "p3", "p4");

    private static final Object ABSENT = new Object();
    private static final List<Object> VALUES = Arrays.asList(
            (byte) 0, (byte) -1, (short) 3, 0, 1, -1, 3, 7, 9_007_199_254_740_993L, 9_007_199_254_740_992L,
            Long.MAX_VALUE, Long.MIN_VALUE, 0.1f, 3.0f, 1.07374182E9f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY,
            0.1, 2.5, 3.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            9.007199254740992E15, 1e308, 1e-5,
            "", "a", "A", "a_b", "axb", "50%", "it's", "a\\b", "3", "NaN", "😀", "x\u0000", "\uD800", "a\u0000b",
            "x😀", "%", true, false, null, ABSENT, ABSENT);
    private static final List<String> MESSAGE_IDS = Arrays.asList(null, "ID:1", "a");
    private static final List<Object> CORRELATION_IDS = Arrays.asList(null, "a", "#bytes:x", "x",
            new byte[] {'a'}, new byte[] {(byte) 0xFF}, new byte[] {'x'});
    private static final List<String> TYPES = Arrays.asList(null, "", "a", "b");
    private static final long[] TIMESTAMPS = {0, 1, 3, 9_007_199_254_740_993L, Long.MAX_VALUE, 1_700_000_000_000L};

    private RandomMessages() {
    }

    static List<TestMessage> generate(long seed, int count) {
        Random random = new Random(seed);
        List<TestMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TestMessage.Builder message = TestMessage.builder("random-" + i)
                    .messageId(pick(random, MESSAGE_IDS)).type(pick(random, TYPES))
                    .priority(random.nextInt(10)).timestamp(TIMESTAMPS[random.nextInt(TIMESTAMPS.length)])
                    .persistent(random.nextBoolean());
            Object correlationId = pick(random, CORRELATION_IDS);
            if (correlationId instanceof byte[] bytes) {
                message.correlationIdBytes(bytes);
            } else {
                message.correlationId((String) correlationId);
            }
            for (String name : PROPERTY_NAMES) {
                Object value = pick(random, VALUES);
                if (value != ABSENT) {
                    message.property(name, value);
                }
            }
            messages.add(message.build());
        }
        return messages;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
