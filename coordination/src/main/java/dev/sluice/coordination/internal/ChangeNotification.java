package dev.sluice.coordination.internal;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One change as sent with {@code pg_notify} by the transaction that made it, and parsed back by the listening
 * coordinators. Node changes go on {@link #CHANNEL}, which a coordinator listens to only once it has a watch (so
 * that clients without watches are not woken by every change); session expiries on {@link #SESSIONS_CHANNEL},
 * which every coordinator listens to; the closing of a session, and requests to wake a coordinator's listener, on
 * that coordinator's own {@link #wakeChannel(long) wake channel}. All channels of one connection share one queue,
 * so notifications arrive in commit order whatever their channel. The payload is {@code "<kind> <xid> <subject>"}: the kind letter, the writing
 * transaction's id ({@code pg_current_xact_id()}, so a watch can tell whether its read already saw the change)
 * and the node path, or for the session kinds the comma-separated session ids. Immutable.
 *
 * @param kind    what changed
 * @param xid     the id of the transaction that committed the change
 * @param subject the node path, or the session ids
 */
public record ChangeNotification(Kind kind, long xid, String subject) {

    /** The channel of node changes (created, deleted, data changed, children changed). */
    public static final String CHANNEL = "sluice_coordination";
    /** The channel of session expiries. */
    public static final String SESSIONS_CHANNEL = "sluice_coordination_sessions";

    /** The private channel of one session: its closing, and wake-up requests for its listener. */
    public static String wakeChannel(long sessionId) {
        return "sluice_coordination_wake_" + sessionId;
    }

    /** Kinds of change, each with its payload letter. */
    public enum Kind {
        CREATED('C'),
        DELETED('D'),
        DATA_CHANGED('U'),
        CHILDREN_CHANGED('K'),
        SESSIONS_EXPIRED('X'),
        SESSION_CLOSED('Q'),
        /** A request to the listener to act on something (listen to node changes); carries nothing. */
        WAKE('W');

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
