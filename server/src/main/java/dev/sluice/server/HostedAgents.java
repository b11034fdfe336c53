package dev.sluice.server;

import dev.sluice.flume.Agent;
import dev.sluice.flume.AgentConfiguration;
import dev.sluice.flume.ConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flume bridge agents a server hosts ({@code sluice server --agent-config FILE}): every agent each file defines.
 * They are built once the server's database is open, so their configuration may use {@code ${SLUICE_SERVER_URL}}
 * (the JDBC URL the server prints), {@code ${SLUICE_SERVER_USER}} and {@code ${SLUICE_SERVER_PASSWORD}} besides
 * the process environment; they start after the server is up and stop before it closes its database, in the order
 * of {@link Agent#stop()} (sources stop, in-flight batches commit or roll back, sinks drain).
 *
 * <p>Lifecycle NEW → STARTED → STOPPED by compare-and-set. Thread-safe; {@link #agents()} never changes.
 */
final class HostedAgents {

    private static final Logger LOG = LoggerFactory.getLogger(HostedAgents.class);

    static final String URL_VARIABLE = "SLUICE_SERVER_URL";
    static final String USER_VARIABLE = "SLUICE_SERVER_USER";
    static final String PASSWORD_VARIABLE = "SLUICE_SERVER_PASSWORD";

    private enum State { NEW, STARTED, STOPPED }

    private final List<Agent> agents;
    private final Map<Agent, Path> files;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    private HostedAgents(List<Agent> agents, Map<Agent, Path> files) {
        this.agents = List.copyOf(agents);
        this.files = Map.copyOf(files);
    }

    /**
     * Builds (without starting) every agent of {@code configFiles}.
     *
     * @throws CommandFailedException naming the file and the wrong key, or two agents of the same name
     */
    static HostedAgents build(List<Path> configFiles, String jdbcUrl, String user, String password) {
        Map<String, String> provided = new HashMap<>();
        provided.put(URL_VARIABLE, jdbcUrl);
        if (user != null) {
            provided.put(USER_VARIABLE, user);
        }
        if (password != null) {
            provided.put(PASSWORD_VARIABLE, password);
        }
        List<Agent> agents = new ArrayList<>();
        Map<Agent, Path> files = new HashMap<>();
        Map<String, Path> names = new HashMap<>();
        for (Path file : configFiles) {
            try {
                for (AgentConfiguration configuration : AgentConfiguration.loadAll(file,
                        name -> provided.containsKey(name) ? provided.get(name) : System.getenv(name))) {
                    Path previous = names.putIfAbsent(configuration.agentName(), file);
                    if (previous != null) {
                        throw new CommandFailedException("Agent " + configuration.agentName() + " is defined in "
                                + previous + " and again in " + file + ": expected each agent name once");
                    }
                    Agent agent = Agent.create(configuration);
                    agents.add(agent);
                    files.put(agent, file);
                }
            } catch (ConfigurationException e) {
                throw new CommandFailedException("--agent-config " + file + ": " + ErrorMessages.oneLine(e), e);
            }
        }
        return new HostedAgents(agents, files);
    }

    /**
     * Starts every agent; if one cannot start, stops those already started.
     *
     * @throws CommandFailedException naming the agent that could not start and why
     */
    void start() {
        if (!state.compareAndSet(State.NEW, State.STARTED)) {
            throw new IllegalStateException("The hosted agents are " + state.get() + "; they start only once");
        }
        List<Agent> started = new ArrayList<>();
        for (Agent agent : agents) {
            try {
                agent.start();
                started.add(agent);
            } catch (RuntimeException e) {
                started.forEach(HostedAgents::stopQuietly);
                agent.stop();
                throw new CommandFailedException("Agent " + agent.name() + " from " + files.get(agent)
                        + " could not start: " + ErrorMessages.oneLine(e), e);
            }
        }
    }

    /** Stops every agent (each drains its sinks). Idempotent. */
    void stop() {
        if (state.getAndSet(State.STOPPED) != State.STARTED) {
            return;
        }
        agents.forEach(HostedAgents::stopQuietly);
    }

    private static void stopQuietly(Agent agent) {
        try {
            agent.stop();
        } catch (RuntimeException e) {
            LOG.warn("agent {}: did not stop cleanly: {}", agent.name(), ErrorMessages.oneLine(e), e);
        }
    }

    /** The agents, in the order of their files and, within a file, of their names. */
    List<Agent> agents() {
        return agents;
    }

    Path file(Agent agent) {
        return files.get(agent);
    }
}
