package dev.sluice.jms.internal;

import dev.sluice.db.JdbcUrls;
import dev.sluice.jms.ProviderConfig;
import java.util.List;

/**
 * Which connections share a {@link Backend}: the same database URL and login, the password compared exactly (a
 * pool opened for one password must never serve another, even one with an equal hash code), and the same settings
 * a backend is built with. Holds the password: never printed ({@link #toString()} masks it). Immutable.
 *
 * @param backendSettings the values of the settings a backend is built with, in a fixed order
 */
record BackendKey(String jdbcUrl, String user, String password, List<Object> backendSettings) {

    static BackendKey of(ProviderConfig config, String user, String password) {
        return new BackendKey(config.jdbcUrl(), user, password, List.of(config.poolSize(),
                config.objectMessageAllowList(), config.objectMessageLimits(), config.autoCreate(),
                config.defaultPartitions(), config.sessionTimeoutMs(), config.databaseTimeoutMs()));
    }

    @Override
    public String toString() {
        return "BackendKey[" + JdbcUrls.redact(jdbcUrl) + ", user=" + user + ", password="
                + (password == null ? "none" : JdbcUrls.MASK) + ", " + backendSettings + "]";
    }
}
