package dev.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One outage, one report: a pool's wait for a connection that began while the database was down and gave up just
 * after it came back is not a second outage; a wait that began after it is.
 */
class OutageLogTest {

    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final OutageLog log = new OutageLog("jdbc:postgresql://db/app", clock::get);

    private static SQLTransientConnectionException poolGaveUpAfter(long waitedMs) {
        return new SQLTransientConnectionException("sluice-pool - Connection is not available, request timed out"
                + " after " + waitedMs + "ms (total=0, active=0, idle=0, waiting=1)",
                new java.sql.SQLException("Connection to db:5432 refused", "08001", new ConnectException()));
    }

    @Test
    void aPoolWaitFromBeforeTheRecoveryIsNotANewOutage() {
        assertThat(log.failed("heartbeat", new ConnectException("refused"))).isTrue();
        assertThat(log.down()).isTrue();
        clock.addAndGet(5_000 * MS);
        log.reached();
        assertThat(log.down()).isFalse();

        clock.addAndGet(600 * MS);
        assertThat(log.failed("maintenance", poolGaveUpAfter(1_000))).as("handled here").isTrue();
        assertThat(log.down()).as("the wait began 400 ms before the recovery").isFalse();

        clock.addAndGet(1_000 * MS);
        assertThat(log.failed("maintenance", poolGaveUpAfter(1_000))).isTrue();
        assertThat(log.down()).as("this wait began after the recovery: a new outage").isTrue();
    }

    @Test
    void aFailureThatIsNoOutageIsLeftToTheCaller() {
        assertThat(log.failed("maintenance", new IllegalStateException("syntax error"))).isFalse();
        assertThat(log.down()).isFalse();
    }
}
