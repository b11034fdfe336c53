package dev.sluice.jms.internal.message;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an {@code ObjectMessage} body may contain when Sluice deserialises it: the classes on this list, in a graph
 * within its {@link ObjectGraphLimits} (the defaults unless {@link #withLimits} gave others). Deserialising arbitrary
 * classes from a message lets whoever can send to a destination run code in the consumer (the "gadget chain"
 * attacks), so Sluice only loads classes on this list, through a {@link java.io.ObjectInputFilter}.
 *
 * <p>The secure default allows {@code java.lang}, {@code java.util}, {@code java.time} and {@code java.math} (with
 * their subpackages), primitive types and arrays of allowed types. A configured list adds to it: a comma-separated
 * string of package or class names, such as {@code com.acme.orders, com.acme.billing.Invoice} (a trailing
 * {@code .*} is accepted); an entry allows the class of that name, its nested classes, and every class in the
 * package of that name and its subpackages. The entry {@code *} allows every class, for trusted senders only.
 * The JVM-wide filter ({@code jdk.serialFilter}) still applies on top of this list.
 *
 * <p>Immutable and thread-safe.
 */
public final class ObjectMessageAllowList {

    /** The name Sluice's configuration uses for the allow-list, as in {@code objectMessageAllowList=com.acme}. */
    public static final String SETTING_NAME = "objectMessageAllowList";

    private static final String ALL = "*";
    private static final List<String> DEFAULT_ENTRIES = List.of("java.lang", "java.util", "java.time", "java.math");
    private static final Pattern JAVA_NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                    + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
    private static final ObjectMessageAllowList SECURE_DEFAULT = new ObjectMessageAllowList(DEFAULT_ENTRIES);
    private static final ObjectMessageAllowList ALLOW_ALL = new ObjectMessageAllowList(List.of(ALL));

    private final List<String> entries;
    private final boolean allowsAll;
    private final ObjectGraphLimits limits;

    private ObjectMessageAllowList(List<String> entries) {
        this(entries, ObjectGraphLimits.DEFAULTS);
    }

    private ObjectMessageAllowList(List<String> entries, ObjectGraphLimits limits) {
        this.entries = List.copyOf(entries);
        this.allowsAll = entries.contains(ALL);
        this.limits = limits;
    }

    /** {@code java.lang}, {@code java.util}, {@code java.time}, {@code java.math} and primitive arrays. */
    public static ObjectMessageAllowList secureDefault() {
        return SECURE_DEFAULT;
    }

    /** Every class: only for destinations whose senders are all trusted. */
    public static ObjectMessageAllowList allowAll() {
        return ALLOW_ALL;
    }

    /**
     * The secure default plus the comma-separated package or class names in {@code list}; null or blank gives the
     * secure default, and an entry {@code *} allows every class.
     *
     * @throws IllegalArgumentException naming an entry that is not a Java package or class name
     */
    public static ObjectMessageAllowList parse(String list) {
        if (list == null || list.isBlank()) {
            return SECURE_DEFAULT;
        }
        Set<String> entries = new LinkedHashSet<>(DEFAULT_ENTRIES);
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals(ALL)) {
                return ALLOW_ALL;
            }
            if (entry.endsWith(".*")) {
                entry = entry.substring(0, entry.length() - 2);
            }
            if (!JAVA_NAME.matcher(entry).matches()) {
                throw new IllegalArgumentException("ObjectMessage allow-list entry '" + raw.trim() + "' in '" + list
                        + "' is not a Java package or class name; expected entries such as 'com.acme.orders' or "
                        + "'com.acme.Invoice', or '*' for every class");
            }
            entries.add(entry);
        }
        return new ObjectMessageAllowList(new ArrayList<>(entries));
    }

    /** The same classes within {@code limits}; this list itself when it has those limits already. */
    public ObjectMessageAllowList withLimits(ObjectGraphLimits limits) {
        if (limits == null) {
            throw new IllegalArgumentException("An ObjectMessage allow-list needs limits; use "
                    + "ObjectGraphLimits.DEFAULTS for the default");
        }
        return limits.equals(this.limits) ? this : new ObjectMessageAllowList(entries, limits);
    }

    /** How large a graph of these classes may be; the entry {@code *} does not lift these. */
    public ObjectGraphLimits limits() {
        return limits;
    }

    /** True if this list allows every class. */
    public boolean allowsAll() {
        return allowsAll;
    }

    /** The entries, the secure default's first; {@code [*]} when every class is allowed. */
    public List<String> entries() {
        return entries;
    }

    /** Whether a class may be deserialised: primitives, arrays of allowed types, and classes on the list. */
    public boolean allows(Class<?> type) {
        Class<?> component = type;
        while (component.isArray()) {
            component = component.getComponentType();
        }
        return component.isPrimitive() || allows(component.getName());
    }

    /** Whether a class of this binary name (as {@link Class#getName()} gives it, not an array) may be deserialised. */
    public boolean allows(String className) {
        if (allowsAll) {
            return true;
        }
        for (String entry : entries) {
            if (className.startsWith(entry)) {
                if (className.length() == entry.length()) {
                    return true;
                }
                char next = className.charAt(entry.length());
                if (next == '.' || next == '$') {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ObjectMessageAllowList list && entries.equals(list.entries)
                && limits.equals(list.limits);
    }

    @Override
    public int hashCode() {
        return entries.hashCode() * 31 + limits.hashCode();
    }

    /** The entries joined by commas; {@link #parse} of it gives the same entries (with the default limits). */
    @Override
    public String toString() {
        return String.join(",", entries);
    }
}
