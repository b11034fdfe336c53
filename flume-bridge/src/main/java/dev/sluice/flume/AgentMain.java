package dev.sluice.flume;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one agent as {@code flume-ng agent} does: {@code -n NAME -f FILE}. Stops cleanly on SIGTERM (through a
 * shutdown hook: sources stop, in-flight batches commit or roll back, sinks drain). Each line typed on stdin
 * prints the counters as JSON; "agent NAME started" on stdout says it is running. Exit codes: 0 stopped, 1 the
 * configuration was wrong (the message on stderr names the key), 2 wrong arguments.
 */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String name = null;
        String file = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "-n", "--name" -> name = args[i + 1];
                case "-f", "--conf-file" -> file = args[i + 1];
                default -> {
                    System.err.println("Unknown option " + args[i] + "; usage: -n AGENT_NAME -f CONFIG_FILE");
                    System.exit(2);
                }
            }
        }
        if (name == null || file == null) {
            System.err.println("Usage: -n AGENT_NAME -f CONFIG_FILE");
            System.exit(2);
        }
        Agent agent;
        try {
            agent = Agent.create(AgentConfiguration.load(name, Path.of(file)));
        } catch (ConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.stop();
            stopped.countDown();
        }, "sluice-flume-shutdown | " + name));
        agent.start();
        System.out.println("agent " + name + " started");
        Thread counters = new Thread(() -> printCountersOnInput(agent), "sluice-flume-counters | " + name);
        counters.setDaemon(true);
        counters.start();
        stopped.await();
    }

    private static void printCountersOnInput(Agent agent) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                System.out.println(agent.countersJson());
            }
        } catch (IOException e) {
            System.err.println("stdin unreadable; counters are not printed on demand: " + e);
        }
    }
}
