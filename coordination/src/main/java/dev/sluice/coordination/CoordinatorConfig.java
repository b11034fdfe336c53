package dev.sluice.coordination;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link Coordinator}. Immutable; build with {@link #builder()}.
 *
 * @param sessionTimeout      how long the session survives without a heartbeat (default
 *                            {@value #DEFAULT_SESSION_TIMEOUT_MS} ms, at least {@value #MIN_SESSION_TIMEOUT_MS} ms).
 *                            Heartbeats go every third of it.
 * @param name                who the client is, for thread names, logs and the session's {@code owner} column
 *                            (default empty)
 * @param expiryCheckInterval the longest the coordinator waits between two looks for dead sessions of any
 *                            participant (default {@value #DEFAULT_EXPIRY_CHECK_INTERVAL_MS} ms); it also wakes up
 *                            exactly when the next known session is due to expire
 */
public record CoordinatorConfig(Duration sessionTimeout, String name, Duration expiryCheckInterval) {

    public static final long DEFAULT_SESSION_TIMEOUT_MS = 10_000;
    public static final long MIN_SESSION_TIMEOUT_MS = 300;
    public static final long MAX_SESSION_TIMEOUT_MS = 3_600_000;
    public static final long DEFAULT_EXPIRY_CHECK_INTERVAL_MS = 1_000;

    public CoordinatorConfig {
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(expiryCheckInterval, "expiryCheckInterval");
        name = name == null ? "" : name;
        if (sessionTimeout.toMillis() < MIN_SESSION_TIMEOUT_MS || sessionTimeout.toMillis() > MAX_SESSION_TIMEOUT_MS) {
            throw new IllegalArgumentException("sessionTimeout " + sessionTimeout.toMillis() + " ms is not in "
                    + MIN_SESSION_TIMEOUT_MS + ".." + MAX_SESSION_TIMEOUT_MS + " ms");
        }
        if (expiryCheckInterval.toMillis() < 10) {
            throw new IllegalArgumentException("expiryCheckInterval " + expiryCheckInterval.toMillis()
                    + " ms is below the minimum of 10 ms");
        }
    }

    public static CoordinatorConfig withSessionTimeout(Duration sessionTimeout) {
        return builder().sessionTimeout(sessionTimeout).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder of a {@link CoordinatorConfig}; not thread-safe. */
    public static final class Builder {
        private Duration sessionTimeout = Duration.ofMillis(DEFAULT_SESSION_TIMEOUT_MS);
        private String name = "";
        private Duration expiryCheckInterval = Duration.ofMillis(DEFAULT_EXPIRY_CHECK_INTERVAL_MS);

        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder expiryCheckInterval(Duration expiryCheckInterval) {
            this.expiryCheckInterval = expiryCheckInterval;
            return this;
        }

        public CoordinatorConfig build() {
            return new CoordinatorConfig(sessionTimeout, name, expiryCheckInterval);
        }
    }
}
