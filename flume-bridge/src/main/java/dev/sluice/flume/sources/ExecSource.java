package dev.sluice.flume.sources;

import dev.sluice.flume.AbstractSource;
import dev.sluice.flume.ChannelException;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.internal.StopSignal;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command and turns each line of its standard output into an event ({@code type = exec}). Lines are put in
 * batches of up to {@code batchSize} (20), a batch being cut early when no more output is waiting or
 * {@code batchTimeout} ms (3000) passed since its first line. A command's output cannot be acknowledged, so, as
 * in Flume, lines read but not committed when the agent dies are lost; while a channel refuses a batch the source
 * retries it and stops reading, which pushes back on the command. Keys: {@code command} (required),
 * {@code shell} (e.g. {@code /bin/sh -c}; none by default: the command is split at spaces), {@code restart}
 * (false), {@code restartThrottle} (10000 ms), {@code logStdErr} (false), {@code batchSize}, {@code batchTimeout}.
 * Thread-safe.
 */
public final class ExecSource extends AbstractSource {

    private static final Logger LOG = LoggerFactory.getLogger(ExecSource.class);

    private List<String> command;
    private boolean restart;
    private long restartThrottle;
    private boolean logStdErr;
    private int batchSize;
    private long batchTimeout;
    private final StopSignal stop = new StopSignal();
    private volatile Process process;
    private Thread runner;

    @Override
    protected void configureSource(ComponentContext context) {
        String line = context.string("command", "the command to run, such as tail -F /var/log/app.log");
        List<String> shell = context.list("shell");
        command = new ArrayList<>(shell);
        if (shell.isEmpty()) {
            command.addAll(List.of(line.split("\\s+")));
        } else {
            command.add(line);
        }
        restart = context.bool("restart", false);
        restartThrottle = context.number("restartThrottle", 10_000, 0, Long.MAX_VALUE);
        logStdErr = context.bool("logStdErr", false);
        batchSize = context.integer("batchSize", 20, 1, 100_000);
        batchTimeout = context.number("batchTimeout", 3000, 1, Long.MAX_VALUE);
        context.stringOr("charset", "UTF-8");
    }

    @Override
    public void start() {
        runner = new Thread(this::run, "sluice-flume-exec | " + name());
        runner.start();
    }

    private void run() {
        do {
            try {
                ProcessBuilder builder = new ProcessBuilder(command);
                if (!logStdErr) {
                    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
                }
                process = builder.start();
                LOG.info("source {}: running {}", name(), command);
                readOutput(process.getInputStream());
                int exit = process.waitFor();
                LOG.info("source {}: command {} exited with {}", name(), command, exit);
            } catch (IOException e) {
                LOG.warn("source {}: command {} failed: {}", name(), command, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        } while (restart && !stop.pause(restartThrottle));
    }

    private void readOutput(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        List<Event> batch = new ArrayList<>();
        long batchStarted = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while (!stop.isRaised() && (c = in.read()) != -1) {
            if (c != '\n') {
                line.write(c);
                continue;
            }
            if (batch.isEmpty()) {
                batchStarted = System.currentTimeMillis();
            }
            batch.add(new Event(Map.of(), line.toByteArray()));
            line.reset();
            if (batch.size() >= batchSize || in.available() == 0
                    || System.currentTimeMillis() - batchStarted >= batchTimeout) {
                putWithRetry(batch);
                batch = new ArrayList<>();
            }
        }
        if (line.size() > 0) {
            batch.add(new Event(Map.of(), line.toByteArray()));
        }
        putWithRetry(batch);
    }

    private void putWithRetry(List<Event> batch) {
        long backoff = 10;
        while (!batch.isEmpty()) {
            try {
                deliver(batch);
                return;
            } catch (ChannelException e) {
                LOG.debug("source {}: {}; retrying", name(), e.getMessage());
                if (stop.pause(backoff)) {
                    LOG.warn("source {}: stopped with {} lines not committed", name(), batch.size());
                    return;
                }
                backoff = Math.min(1000, backoff * 2);
            }
        }
    }

    @Override
    public void stop() {
        stop.raise();
        Process running = process;
        if (running != null) {
            running.destroy();
        }
        if (runner != null) {
            try {
                runner.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
