package dev.sluice.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One outage, one report: a pool's wait for a connection that began while the database was down and gave up just
 * after it came back is not a second outage; a wait that began after it is; a database that answers for a moment
 * and is gone again (PostgreSQL in a fast shutdown) is still in the same outage. The settle timer is the test's.
 */
class OutageLogTest {

    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final List<Runnable> timers = new ArrayList<>();
    private final OutageLog log = new OutageLog("jdbc:postgresql://db/app", clock::get, timers::add);

    private void settleLater() {
        clock.addAndGet(OutageLog.SETTLE.toNanos());
        timers.forEach(Runnable::run);
        timers.clear();
    }

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
        settleLater();

        clock.addAndGet(600 * MS);
        assertThat(log.failed("maintenance", poolGaveUpAfter(1_000 + 1_600))).as("handled here").isTrue();
        assertThat(log.down()).as("the wait began 1 s before the database answered").isFalse();
        assertThat(log.outages()).isEqualTo(1);

        clock.addAndGet(1_000 * MS);
        assertThat(log.failed("maintenance", poolGaveUpAfter(1_000))).isTrue();
        assertThat(log.down()).as("this wait began after the recovery: a new outage").isTrue();
        assertThat(log.outages()).isEqualTo(2);
    }

    @Test
    void aMomentaryAnswerDuringAnOutageDoesNotEndIt() {
        assertThat(log.failed("notification connection", new ConnectException("terminating"))).isTrue();
        clock.addAndGet(20 * MS);
        log.reached();
        assertThat(log.down()).as("it answers").isFalse();
        clock.addAndGet(80 * MS);
        assertThat(log.failed("notification connection", new ConnectException("refused"))).isTrue();
        assertThat(log.down()).isTrue();
        settleLater();
        assertThat(log.down()).as("the timer of the momentary answer ends nothing").isTrue();
        assertThat(log.outages()).isEqualTo(1);

        clock.addAndGet(7_000 * MS);
        log.reached();
        clock.addAndGet(300 * MS);
        log.reached();
        assertThat(log.failed("heartbeat", poolGaveUpAfter(5_000))).as("a wait from before it answered").isTrue();
        assertThat(log.down()).isFalse();
        settleLater();
        assertThat(log.outages()).isEqualTo(1);
        clock.addAndGet(10 * MS);
        assertThat(log.failed("heartbeat", new ConnectException("refused"))).isTrue();
        assertThat(log.outages()).as("after the recovery settled, a new outage").isEqualTo(2);
    }

    @Test
    void aFailureThatIsNoOutageIsLeftToTheCaller() {
        assertThat(log.failed("maintenance", new IllegalStateException("syntax error"))).isFalse();
        assertThat(log.down()).isFalse();
    }
}
