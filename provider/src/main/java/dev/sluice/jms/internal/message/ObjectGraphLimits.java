package dev.sluice.jms.internal.message;

import java.io.ObjectInputFilter;

/**
 * How large an object graph an {@code ObjectMessage} body may deserialise into, whatever its classes: nesting depth,
 * objects and references read, array length, and body size. The allow-list alone lets a small body of allowed
 * classes pin a consumer: about 2 KB of {@code HashSet}s nested 28 deep, each holding two sets of the next level,
 * make {@code getObject()} compute 2<sup>28</sup> hash codes (23 s). The depth limit stops such a payload as soon as
 * the stream goes deeper than it, before any hashing; the others bound memory (an array header alone makes the
 * stream allocate the whole array) and work.
 *
 * <p>The defaults admit typical application graphs (an order of records with customer, address, lines and a
 * three-level category chain is 7 deep) and refuse the classic payloads at once. They are no complete defence
 * against a hostile sender: sets that hash their elements still cost time exponential in their nesting, about
 * 0.2 s for the nested-set payload that just fits in 20 levels, far more if each level holds more sets. Accept
 * ObjectMessages only from senders you trust.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxDepth       deepest nesting of objects read inside each other
 * @param maxReferences  most objects and references to earlier objects in one body
 * @param maxArrayLength longest array (also the size {@code ArrayList} or {@code HashMap} announce)
 * @param maxBytes       largest body, in bytes
 */
public record ObjectGraphLimits(int maxDepth, long maxReferences, int maxArrayLength, long maxBytes) {

    public static final String MAX_DEPTH_SETTING = "objectMessageMaxDepth";
    public static final String MAX_REFERENCES_SETTING = "objectMessageMaxReferences";
    public static final String MAX_ARRAY_LENGTH_SETTING = "objectMessageMaxArrayLength";
    public static final String MAX_BYTES_SETTING = "objectMessageMaxBytes";

    /** 20 deep (as the RMI registry's filter), a million references, a million array elements, 64 MiB. */
    public static final ObjectGraphLimits DEFAULTS = new ObjectGraphLimits(20, 1_000_000, 1_000_000, 64L * 1024 * 1024);

    public ObjectGraphLimits {
        requireAtLeast(1, maxDepth, MAX_DEPTH_SETTING);
        requireAtLeast(1, maxReferences, MAX_REFERENCES_SETTING);
        requireAtLeast(0, maxArrayLength, MAX_ARRAY_LENGTH_SETTING);
        requireAtLeast(1, maxBytes, MAX_BYTES_SETTING);
    }

    private static void requireAtLeast(long minimum, long value, String setting) {
        if (value < minimum) {
            throw new IllegalArgumentException("Sluice setting " + setting + "=" + value + " is invalid: must be at "
                    + "least " + minimum);
        }
    }

    /** What a body of {@code length} bytes exceeds, or null when it is within {@link #maxBytes}. */
    String exceededBy(long length) {
        return length > maxBytes ? describe("is " + length + " bytes long, more than " + maxBytes, MAX_BYTES_SETTING)
                : null;
    }

    /** The limit the stream's state in {@code info} exceeds, described for an error message, or null. */
    String exceededBy(ObjectInputFilter.FilterInfo info) {
        if (info.depth() > maxDepth) {
            return describe("nests objects deeper than " + maxDepth + " levels", MAX_DEPTH_SETTING);
        }
        if (info.references() > maxReferences) {
            return describe("holds more than " + maxReferences + " objects and references", MAX_REFERENCES_SETTING);
        }
        if (info.arrayLength() > maxArrayLength) {
            return describe("holds an array of " + info.arrayLength() + " elements, more than " + maxArrayLength,
                    MAX_ARRAY_LENGTH_SETTING);
        }
        return null;
    }

    private static String describe(String what, String setting) {
        return "it " + what + " (setting " + setting + ")";
    }
}
