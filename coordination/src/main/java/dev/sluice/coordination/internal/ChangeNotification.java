package dev.sluice.coordination.internal;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One change as sent with {@code pg_notify} on {@link #CHANNEL} by the transaction that made it, and parsed back
 * by every listening coordinator. The payload is {@code "<kind> <xid> <subject>"}: the kind letter, the writing
 * transaction's id ({@code pg_current_xact_id()}, so a watch can tell whether its read already saw the change)
 * and the node path, or for {@link Kind#SESSIONS_EXPIRED} and {@link Kind#SESSION_CLOSED} the comma-separated session ids. Immutable.
 *
 * @param kind    what changed
 * @param xid     the id of the transaction that committed the change
 * @param subject the node path, or the session ids
 */
public record ChangeNotification(Kind kind, long xid, String subject) {

    /** The one channel all coordination changes are sent on. */
    public static final String CHANNEL = "sluice_coordination";

    /** Kinds of change, each with its payload letter. */
    public enum Kind {
        CREATED('C'),
        DELETED('D'),
        DATA_CHANGED('U'),
        CHILDREN_CHANGED('K'),
        SESSIONS_EXPIRED('X'),
        SESSION_CLOSED('Q');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }

        static Kind ofLetter(char letter) {
            for (Kind kind : values()) {
                if (kind.letter == letter) {
                    return kind;
                }
            }
            return null;
        }
    }

    /**
     * Parses a payload, or returns null when it is not one of ours (a foreign sender on the channel), so that
     * such noise is logged and skipped rather than breaking the listener.
     */
    public static ChangeNotification parse(String payload) {
        if (payload == null || payload.length() < 5 || payload.charAt(1) != ' ') {
            return null;
        }
        Kind kind = Kind.ofLetter(payload.charAt(0));
        int space = payload.indexOf(' ', 2);
        if (kind == null || space < 0) {
            return null;
        }
        try {
            long xid = Long.parseLong(payload.substring(2, space));
            return new ChangeNotification(kind, xid, payload.substring(space + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The session ids of a {@link Kind#SESSIONS_EXPIRED} notification. */
    public Set<Long> sessionIds() {
        Set<Long> ids = new LinkedHashSet<>();
        for (String id : subject.split(",")) {
            if (!id.isEmpty()) {
                ids.add(Long.parseLong(id));
            }
        }
        return ids;
    }
}
