package dev.sluice.jms.internal.message;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for message property names (Jakarta Messaging 3.1, sections 3.5, 3.5.9 and 3.8) and the names of
 * the JMSX properties Sluice knows.
 *
 * <p>An application may set a property whose name is a message selector identifier: a Java letter followed by Java
 * letters or digits (identifier-ignorable control characters are refused too, as PostgreSQL cannot store U+0000),
 * not one of the selector words {@code NULL TRUE FALSE NOT AND OR BETWEEN LIKE IN IS ESCAPE} in any case, and not
 * starting with {@code JMS} unless it is a provider-specific {@code JMS_<vendor>} name or one of the two JMSX names a
 * client sets ({@code JMSXGroupID}, {@code JMSXGroupSeq}). The JMSX properties that only the provider may set
 * ({@code JMSXUserID, JMSXAppID, JMSXDeliveryCount, JMSXProducerTXID, JMSXConsumerTXID, JMSXRcvTimestamp,
 * JMSXState}, section 3.5.9) cannot be set by the application.
 *
 * <p>Stateless and thread-safe.
 */
public final class PropertyNames {

    /** Set by Sluice on receipt: 1 on first delivery, incremented on each redelivery. An int. */
    public static final String JMSX_DELIVERY_COUNT = "JMSXDeliveryCount";
    /** Set by the client: the group a message belongs to. A String. */
    public static final String JMSX_GROUP_ID = "JMSXGroupID";
    /** Set by the client: the message's sequence number within its group, from 1. An int. */
    public static final String JMSX_GROUP_SEQ = "JMSXGroupSeq";

    /** The JMSX properties Sluice supports, for {@code ConnectionMetaData.getJMSXPropertyNames()}. */
    public static final List<String> SUPPORTED_JMSX_NAMES =
            List.of(JMSX_GROUP_ID, JMSX_GROUP_SEQ, JMSX_DELIVERY_COUNT);

    private static final Set<String> CLIENT_SET_JMSX = Set.of(JMSX_GROUP_ID, JMSX_GROUP_SEQ);
    private static final Set<String> PROVIDER_SET_JMSX = Set.of("JMSXUserID", "JMSXAppID", JMSX_DELIVERY_COUNT,
            "JMSXProducerTXID", "JMSXConsumerTXID", "JMSXRcvTimestamp", "JMSXState");
    private static final Set<String> SELECTOR_WORDS =
            Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE");

    private PropertyNames() {
    }

    /**
     * Checks that an application may set a property of this name.
     *
     * @throws IllegalArgumentException saying what is wrong with the name
     */
    public static void checkSettable(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A property name must not be " + (name == null ? "null" : "empty"));
        }
        if (!Character.isJavaIdentifierStart(name.charAt(0)) || Character.isIdentifierIgnorable(name.charAt(0))) {
            throw new IllegalArgumentException("Property name '" + name + "' is not a message selector identifier: "
                    + "its first character must be a Java letter (a letter, '_' or '$')");
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isJavaIdentifierPart(c) || Character.isIdentifierIgnorable(c)) {
                throw new IllegalArgumentException("Property name '" + name + "' is not a message selector "
                        + "identifier: the character at index " + i + " (U+" + String.format("%04X", (int) c)
                        + ") is not a Java letter or digit");
            }
        }
        if (name.length() <= 7 && SELECTOR_WORDS.contains(name.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Property name '" + name + "' is a message selector word (NULL, "
                    + "TRUE, FALSE, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE) and cannot name a property");
        }
        if (name.startsWith("JMS")) {
            checkReservedPrefix(name);
        }
    }

    private static void checkReservedPrefix(String name) {
        if (name.startsWith("JMS_") || CLIENT_SET_JMSX.contains(name)) {
            return;
        }
        if (PROVIDER_SET_JMSX.contains(name)) {
            throw new IllegalArgumentException("Property " + name + " is set by the provider and cannot be set by "
                    + "the application");
        }
        if (name.startsWith("JMSX")) {
            throw new IllegalArgumentException("Property name '" + name + "' uses the JMSX prefix, which is reserved "
                    + "for properties the specification defines; an application may set " + CLIENT_SET_JMSX);
        }
        throw new IllegalArgumentException("Property name '" + name + "' starts with JMS, which is reserved for "
                + "header fields, JMSX properties and JMS_<vendor> properties; choose a name without that prefix");
    }

    /** True for the JMSX properties that only the provider sets; foreign messages' values of them are not copied. */
    public static boolean isProviderSet(String name) {
        return PROVIDER_SET_JMSX.contains(name);
    }
}
