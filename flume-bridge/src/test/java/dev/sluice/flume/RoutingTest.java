package dev.sluice.flume;

import static dev.sluice.flume.AgentTestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Channel selectors and sink processors in running agents (seq source, real queues, real files). */
@ExtendWith(PostgresExtension.class)
class RoutingTest {

    private static String channels(String prefix, String... names) {
        StringBuilder text = new StringBuilder("a1.channels = " + String.join(" ", names) + "\n");
        for (String name : names) {
            text.append("""
                    a1.channels.%1$s.type = jms
                    a1.channels.%1$s.url = ${DB_URL}
                    a1.channels.%1$s.user = ${DB_USER}
                    a1.channels.%1$s.password = ${DB_PASSWORD}
                    a1.channels.%1$s.destination = queue://%2$s.%1$s
                    """.formatted(name, prefix));
        }
        return text.toString();
    }

    private static String fileSink(String sink, String channel, Path dir) {
        return """
                a1.sinks.%1$s.type = file_roll
                a1.sinks.%1$s.channel = %2$s
                a1.sinks.%1$s.sink.directory = %3$s/%1$s
                a1.sinks.%1$s.sink.batchSize = 5
                """.formatted(sink, channel, dir);
    }

    @Test
    void multiplexingRoutesByHeaderAndReplicatingCopiesToEveryChannel(TestDatabase db, @TempDir Path dir) {
        String text = """
                a1.sources = r1 r2
                a1.sinks = us eu rest copy
                a1.sources.r1.type = seq
                a1.sources.r1.totalEvents = 30
                a1.sources.r1.batchSize = 10
                a1.sources.r1.channels = us eu rest
                a1.sources.r1.interceptors = region
                a1.sources.r1.interceptors.region.type = regex_extractor
                a1.sources.r1.interceptors.region.regex = ^(\\\\d*?)(\\\\d)$
                a1.sources.r1.interceptors.region.serializers = ignored last
                a1.sources.r1.interceptors.region.serializers.ignored.name = prefix
                a1.sources.r1.interceptors.region.serializers.last.name = digit
                a1.sources.r1.selector.type = multiplexing
                a1.sources.r1.selector.header = digit
                a1.sources.r1.selector.mapping.1 = us
                a1.sources.r1.selector.mapping.2 = eu
                a1.sources.r1.selector.default = rest
                a1.sources.r2.type = seq
                a1.sources.r2.totalEvents = 10
                a1.sources.r2.batchSize = 10
                a1.sources.r2.channels = copy rest
                a1.sources.r2.selector.type = replicating
                a1.sources.r2.selector.optional = rest
                """ + channels("routing", "us", "eu", "rest", "copy") + fileSink("us", "us", dir)
                + fileSink("eu", "eu", dir) + fileSink("rest", "rest", dir) + fileSink("copy", "copy", dir);
        Agent agent = AgentTestSupport.start("a1", text, db);
        try {
            Await.until(() -> lines(dir.resolve("us")).size() == 3 && lines(dir.resolve("eu")).size() == 3
                    && lines(dir.resolve("rest")).size() == 34 && lines(dir.resolve("copy")).size() == 10,
                    Duration.ofSeconds(30), () -> "us " + lines(dir.resolve("us")) + " eu " + lines(dir.resolve("eu"))
                            + " rest " + lines(dir.resolve("rest")).size() + " copy " + lines(dir.resolve("copy")));
            assertThat(lines(dir.resolve("us"))).containsExactlyInAnyOrder("1", "11", "21");
            assertThat(lines(dir.resolve("eu"))).containsExactlyInAnyOrder("2", "12", "22");
        } finally {
            agent.stop();
        }
    }

    @Test
    void loadBalancingSelectorSendsEachEventToOneChannelInTurnOrAtRandom(TestDatabase db, @TempDir Path dir) {
        String text = """
                a1.sources = turns dice
                a1.sinks = a b c d e
                a1.sources.turns.type = seq
                a1.sources.turns.totalEvents = 60
                a1.sources.turns.batchSize = 10
                a1.sources.turns.channels = a b c
                a1.sources.turns.selector.type = load_balancing
                a1.sources.dice.type = seq
                a1.sources.dice.totalEvents = 40
                a1.sources.dice.batchSize = 10
                a1.sources.dice.channels = d e
                a1.sources.dice.selector.type = load_balancing
                a1.sources.dice.selector.policy = random
                """ + channels("balancing", "a", "b", "c", "d", "e") + fileSink("a", "a", dir) + fileSink("b", "b", dir)
                + fileSink("c", "c", dir) + fileSink("d", "d", dir) + fileSink("e", "e", dir);
        Agent agent = AgentTestSupport.start("a1", text, db);
        try {
            Await.until(() -> lines(dir.resolve("a")).size() + lines(dir.resolve("b")).size()
                            + lines(dir.resolve("c")).size() >= 60
                            && lines(dir.resolve("d")).size() + lines(dir.resolve("e")).size() >= 40,
                    Duration.ofSeconds(30), () -> "a " + lines(dir.resolve("a")).size() + " b "
                            + lines(dir.resolve("b")).size() + " c " + lines(dir.resolve("c")).size() + " d "
                            + lines(dir.resolve("d")).size() + " e " + lines(dir.resolve("e")).size());
            // round_robin (the default): one source thread, so event i goes to channel i mod 3, exactly.
            for (int channel = 0; channel < 3; channel++) {
                String[] expected = new String[20];
                for (int i = 0; i < 20; i++) {
                    expected[i] = Integer.toString(i * 3 + channel);
                }
                assertThat(lines(dir.resolve(String.valueOf((char) ('a' + channel)))))
                        .as("channel %s", (char) ('a' + channel)).containsExactlyInAnyOrder(expected);
            }
            // random: every event in exactly one of the channels; both get some (all 40 in one: p = 2^-39).
            java.util.List<String> both = new java.util.ArrayList<>(lines(dir.resolve("d")));
            both.addAll(lines(dir.resolve("e")));
            assertThat(both).hasSize(40).doesNotHaveDuplicates();
            assertThat(lines(dir.resolve("d"))).isNotEmpty();
            assertThat(lines(dir.resolve("e"))).isNotEmpty();
        } finally {
            agent.stop();
        }
    }

    @Test
    void failoverMovesToTheNextSinkAndLoadBalanceSpreadsBatches(TestDatabase db, @TempDir Path dir) {
        FailingSink.ATTEMPTS.set(0);
        String text = """
                a1.sources = r1 r2
                a1.sinks = broken backup left right
                a1.sinkgroups = failover balanced
                a1.sources.r1.type = seq
                a1.sources.r1.totalEvents = 40
                a1.sources.r1.batchSize = 10
                a1.sources.r1.channels = f
                a1.sources.r2.type = seq
                a1.sources.r2.totalEvents = 100
                a1.sources.r2.batchSize = 10
                a1.sources.r2.channels = b
                a1.sinks.broken.type = dev.sluice.flume.FailingSink
                a1.sinks.broken.channel = f
                a1.sinkgroups.failover.sinks = broken backup
                a1.sinkgroups.failover.processor.type = failover
                a1.sinkgroups.failover.processor.priority.broken = 10
                a1.sinkgroups.failover.processor.priority.backup = 5
                a1.sinkgroups.failover.processor.maxpenalty = 200
                a1.sinkgroups.balanced.sinks = left right
                a1.sinkgroups.balanced.processor.type = load_balance
                a1.sinkgroups.balanced.processor.selector = round_robin
                a1.sinkgroups.balanced.processor.backoff = true
                """ + channels("processors", "f", "b") + fileSink("backup", "f", dir) + fileSink("left", "b", dir)
                + fileSink("right", "b", dir);
        Agent agent = AgentTestSupport.start("a1", text, db, "leaseTimeoutMs=1000");
        try {
            Await.until(() -> lines(dir.resolve("backup")).size() >= 40, Duration.ofSeconds(30),
                    () -> "backup " + lines(dir.resolve("backup")).size());
            Await.until(() -> lines(dir.resolve("left")).size() + lines(dir.resolve("right")).size() >= 100,
                    Duration.ofSeconds(30), () -> "left " + lines(dir.resolve("left")).size() + " right "
                            + lines(dir.resolve("right")).size());
            assertThat(lines(dir.resolve("backup"))).hasSize(40).doesNotHaveDuplicates();
            assertThat(FailingSink.ATTEMPTS.get()).isGreaterThanOrEqualTo(1);
            assertThat(agent.counters().get("SINK.broken").get(Counters.EVENT_WRITE_FAIL)).isGreaterThanOrEqualTo(1);
            assertThat(lines(dir.resolve("left"))).isNotEmpty();
            assertThat(lines(dir.resolve("right"))).isNotEmpty();
        } finally {
            agent.stop();
        }
    }
}
