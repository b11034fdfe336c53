package dev.sluice.coordination;

import java.util.Set;

/**
 * Told which sessions expired, whichever participant expired them: each expiry transaction notifies every live
 * {@link Coordinator}, and each calls its expiry listeners with the ids that transaction deleted. Other modules
 * use it to clean up rows they keep per session ({@code owner_session} columns). Expiries that happen while no
 * listener is running are not replayed: at startup, compare with {@link SessionRegistry#liveSessionIds()}.
 * Called on the coordinator's event thread; must return quickly.
 */
@FunctionalInterface
public interface SessionExpiryListener {

    void sessionsExpired(Set<Long> sessionIds);
}
