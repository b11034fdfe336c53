package dev.sluice.jms.internal.selector;

import java.util.List;
import java.util.Random;

/**
 * Random selector texts over {@link RandomMessages#PROPERTY_NAMES}, the headers and awkward literals, nesting
 * comparisons, BETWEEN, IN, LIKE, IS NULL and the logical operators. Most parse; some are rejected by the
 * parser's type checks, which the caller skips. Deterministic for a seed. Not thread-safe.
 */
final class RandomSelectors {

    private static final List<String> NUMBERS = List.of("0", "1", "-1", "3", "0.1", "0.1f", "2.5", "-0.0",
            "9007199254740992", "9007199254740993", "9223372036854775807", "-9223372036854775808", "1e308", "3.0",
            "1073741824", "7", "1e-5");
    private static final List<String> STRINGS = List.of("''", "'a'", "'A'", "'a_b'", "'50%'", "'it''s'", "'3'",
            "'NaN'", "'😀'", "'x'", "'#bytes:x'");
    private static final List<String> HEADERS = List.of("JMSType", "JMSMessageID", "JMSDeliveryMode",
            "JMSCorrelationID", "JMSPriority", "JMSTimestamp");
    private static final List<String> STRING_HEADERS = List.of("JMSType", "JMSMessageID", "JMSDeliveryMode",
            "JMSCorrelationID");
    private static final List<String> PATTERNS = List.of("'%'", "'_'", "'a%'", "'%b'", "'a_b'", "'50!%' ESCAPE '!'",
            "'%\\%'", "'x_'", "'_😀'", "'%a%'", "''", "'__'", "'a!_b' ESCAPE '!'", "'%\\_%' ESCAPE '\\'", "'x%'");
    private static final List<String> OPERATORS = List.of("=", "<>", "<", "<=", ">", ">=");

    private final Random random;

    RandomSelectors(long seed) {
        this.random = new Random(seed);
    }

    String next() {
        return condition(3);
    }

    private String condition(int depth) {
        int choice = random.nextInt(depth > 0 ? 11 : 7);
        return switch (choice) {
            case 0, 1 -> operand(depth) + " " + pick(OPERATORS) + " " + operand(depth);
            case 2 -> numeric() + (random.nextBoolean() ? " NOT" : "") + " BETWEEN " + numeric() + " AND "
                    + numeric();
            case 3 -> identifier() + (random.nextBoolean() ? " NOT" : "") + " IN (" + pick(STRINGS)
                    + (random.nextBoolean() ? ", " + pick(STRINGS) : "") + ")";
            case 4 -> identifier() + (random.nextBoolean() ? " NOT" : "") + " LIKE " + pick(PATTERNS);
            case 5 -> identifier() + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
            case 6 -> random.nextInt(4) == 0 ? pick(List.of("TRUE", "FALSE")) : property();
            case 7 -> "NOT " + condition(depth - 1);
            case 8 -> condition(depth - 1) + " AND " + condition(depth - 1);
            case 9 -> condition(depth - 1) + " OR " + condition(depth - 1);
            default -> "(" + condition(depth - 1) + ")";
        };
    }

    private String operand(int depth) {
        int choice = random.nextInt(20);
        if (choice < 9) {
            return property();
        }
        if (choice < 12) {
            return pick(HEADERS);
        }
        if (choice < 15) {
            return pick(NUMBERS);
        }
        if (choice < 18) {
            return pick(STRINGS);
        }
        if (choice < 19 || depth == 0) {
            return pick(List.of("TRUE", "FALSE"));
        }
        return "(" + condition(0) + ")";
    }

    private String numeric() {
        int choice = random.nextInt(10);
        if (choice < 5) {
            return property();
        }
        if (choice < 7) {
            return pick(List.of("JMSPriority", "JMSTimestamp"));
        }
        return pick(NUMBERS);
    }

    private String identifier() {
        return random.nextInt(4) == 0 ? pick(STRING_HEADERS) : property();
    }

    private String property() {
        return pick(RandomMessages.PROPERTY_NAMES);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
