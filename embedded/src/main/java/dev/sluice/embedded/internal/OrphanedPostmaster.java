package dev.sluice.embedded.internal;

import dev.sluice.db.SluiceDatabaseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A PostgreSQL still running on a data folder whose owning Sluice process died (killed with SIGKILL, say, which
 * leaves no chance to stop it): the postmaster named in the folder's {@code postmaster.pid}, alive, and a
 * {@code postgres} started on that folder. Only to be looked for while holding the folder's {@link DataFolderLock},
 * which proves no owner is alive.
 *
 * <p>It is stopped the way {@code pg_ctl stop -m fast} does it, by SIGINT (sessions are ended, a shutdown checkpoint
 * written), then SIGQUIT (immediate shutdown: the next start recovers from the WAL) if it has not exited within
 * {@value #FAST_STOP_SECONDS} s; the signals are sent with the {@code kill} command. Stateless.
 */
public final class OrphanedPostmaster {

    static final String PID_FILE = "postmaster.pid";
    private static final long FAST_STOP_SECONDS = 15;
    private static final long IMMEDIATE_STOP_SECONDS = 10;

    private final ProcessHandle postmaster;
    private final String port;

    private OrphanedPostmaster(ProcessHandle postmaster, String port) {
        this.postmaster = postmaster;
        this.port = port;
    }

    /** The orphan running on {@code dataDir}, if there is one. */
    public static Optional<OrphanedPostmaster> find(Path dataDir) {
        Path pidFile = dataDir.resolve(PID_FILE);
        List<String> lines;
        try {
            lines = Files.exists(pidFile) ? Files.readAllLines(pidFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + pidFile, e);
        }
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return Optional.empty();
        }
        // postmaster.pid: pid, data folder, start time, port, socket folder, listen address, shared memory key, status
        String port = lines.size() > 3 ? lines.get(3).trim() : "?";
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(ProcessHandle::isAlive)
                .filter(process -> isPostgresOf(process, dataDir))
                .map(process -> new OrphanedPostmaster(process, port));
    }

    /**
     * A postgres whose command line names {@code dataDir}; where the system does not show command lines, a postgres
     * is enough (the pid came from that folder's own postmaster.pid).
     */
    private static boolean isPostgresOf(ProcessHandle process, Path dataDir) {
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command().map(command -> Path.of(command).getFileName().toString())
                .filter(name -> name.equals("postgres") || name.equals("postgres.exe")).isPresent();
        return postgres && info.arguments().map(arguments -> names(arguments, dataDir)).orElse(true);
    }

    private static boolean names(String[] arguments, Path dataDir) {
        for (String argument : arguments) {
            try {
                if (Files.isDirectory(Path.of(argument)) && Files.isSameFile(Path.of(argument), dataDir)) {
                    return true;
                }
            } catch (IOException | RuntimeException notAPath) {
                // an option or a value that is no folder of ours
            }
        }
        return false;
    }

    public long pid() {
        return postmaster.pid();
    }

    /** The port it listens on, as its postmaster.pid says. */
    public String port() {
        return port;
    }

    /** The pids of the postmaster and its server processes (checkpointer, backends, ...), now. */
    public List<Long> processes() {
        return Stream.concat(Stream.of(postmaster), postmaster.descendants())
                .map(ProcessHandle::pid).toList();
    }

    /**
     * Stops it and returns once it has exited.
     *
     * @throws SluiceDatabaseException when it outlives both signals
     */
    public void stop() {
        if (stopWith("INT", FAST_STOP_SECONDS) || stopWith("QUIT", IMMEDIATE_STOP_SECONDS)) {
            return;
        }
        throw new SluiceDatabaseException("The orphaned PostgreSQL (pid " + pid() + ") did not stop on SIGINT or"
                + " SIGQUIT; stop it by hand (kill " + pid() + ") and start again");
    }

    private boolean stopWith(String signal, long waitSeconds) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid()))
                    .redirectErrorStream(true).start();
            kill.getInputStream().transferTo(OutputStream.nullOutputStream());
            kill.waitFor(waitSeconds, TimeUnit.SECONDS);
            postmaster.onExit().get(waitSeconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not send SIG" + signal + " to the orphaned PostgreSQL (pid " + pid()
                    + ")", e);
        } catch (ExecutionException e) {
            throw new SluiceDatabaseException("Waiting for the orphaned PostgreSQL (pid " + pid() + ") failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceDatabaseException("Interrupted while stopping the orphaned PostgreSQL (pid " + pid()
                    + ")", e);
        }
    }
}
