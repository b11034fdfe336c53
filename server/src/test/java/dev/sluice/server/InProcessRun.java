package dev.sluice.server;

import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One finished run of {@code sluice} in this JVM, as {@code login}: exit code and what it printed. */
record InProcessRun(int exitCode, String out, String err) {

    /** Runs {@code sluice args... --url --user --password}; the commands print to System.out and System.err. */
    static synchronized InProcessRun sluice(TestDatabase login, String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--url", login.jdbcUrl(), "--user", login.user()));
        if (login.password() != null) {
            line.add("--password=" + login.password());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exitCode = SluiceCommand.execute(line.toArray(String[]::new));
            return new InProcessRun(exitCode, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
