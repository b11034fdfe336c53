package dev.sluice.coordination;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.testing.TestDatabase;
import java.time.Duration;

/** Opens databases and coordinators for tests. */
public final class CoordinationTestSupport {

    /** Session timeout of most tests: short, so expiry tests stay quick. */
    public static final Duration TIMEOUT = Duration.ofMillis(1500);

    private CoordinationTestSupport() {
    }

    /** A migrated database with its own pool: one "process" worth of connections. */
    public static Database database(TestDatabase db, int poolSize) {
        return Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .poolSize(poolSize).build());
    }

    public static Database database(TestDatabase db) {
        return database(db, 8);
    }

    public static Coordinator open(Database database, String name) {
        return Coordinator.open(database, CoordinatorConfig.builder().sessionTimeout(TIMEOUT).name(name).build());
    }

    public static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
