package dev.sluice.coordination;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Child-JVM program for crash tests: opens a session, creates an ephemeral node, prints
 * {@code READY <sessionId>} and waits to be killed. Arguments: jdbcUrl user password path timeoutMillis.
 */
public final class EphemeralNodeHolder {

    private EphemeralNodeHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        Database database = Database.open(DatabaseConfig.builder().jdbcUrl(args[0]).user(args[1]).password(args[2])
                .poolSize(2).build());
        Coordinator coordinator = Coordinator.open(database, CoordinatorConfig.builder()
                .sessionTimeout(Duration.ofMillis(Long.parseLong(args[4]))).name("child").build());
        coordinator.create(args[3], null, CreateMode.EPHEMERAL);
        System.out.println("READY " + coordinator.sessionId());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
