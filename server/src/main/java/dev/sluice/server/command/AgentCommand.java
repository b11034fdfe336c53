package dev.sluice.server.command;

import dev.sluice.flume.Agent;
import dev.sluice.flume.AgentConfiguration;
import dev.sluice.server.CommandFailedException;
import dev.sluice.server.TerminationSignals;
import dev.sluice.flume.ConfigurationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice agent -n a1 -f agent.properties}: runs a Flume-style agent whose channels are JMS destinations, as
 * {@code flume-ng agent -n a1 -f file} does, until SIGTERM or Ctrl-C (sources stop, in-flight batches commit or
 * roll back, sinks drain). Each line typed on stdin prints the counters as JSON. Confined to the command's thread;
 * the agent runs its own threads.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run a Flume agent whose channels are JMS queues or topics (Flume's properties format).",
                "Press Enter to print the counters of every source, channel and sink as JSON."})
public final class AgentCommand implements Callable<Integer> {

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "AGENT",
            description = "The agent's name: the prefix of its keys (a1 in a1.sources = r1).")
    String name;

    @Option(names = {"-f", "--conf-file"}, required = true, paramLabel = "FILE",
            description = "The agent configuration, a Flume properties file; $${NAME} is read from the environment.")
    Path file;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How long sinks may drain the channels on stop (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Override
    public Integer call() throws InterruptedException {
        Agent agent;
        try {
            agent = Agent.create(AgentConfiguration.load(name, file));
        } catch (ConfigurationException e) {
            throw new CommandFailedException(e.getMessage());
        }
        agent.setDrainMillis(drainTimeout.toMillis());
        CountDownLatch stopped = new CountDownLatch(1);
        TerminationSignals.onTermination(() -> {
            agent.stop();
            stopped.countDown();
        });
        agent.start();
        System.out.println("agent " + name + " started; press Enter for counters, Ctrl-C to stop");
        Thread counters = new Thread(() -> printCountersOnInput(agent), "sluice-agent-counters | " + name);
        counters.setDaemon(true);
        counters.start();
        stopped.await();
        System.out.println("agent " + name + " stopped");
        return 0;
    }

    private static void printCountersOnInput(Agent agent) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                System.out.println(agent.countersJson());
            }
        } catch (IOException e) {
            System.err.println("stdin is unreadable, counters are not printed on demand: " + e.getMessage());
        }
    }
}
