package dev.sluice.db;

/**
 * The port an embedded PostgreSQL was told to listen on already has a listener on this machine (a system
 * PostgreSQL, or the Sluice server of another data folder). Immutable.
 */
public class PortTakenException extends SluiceDatabaseException {

    private final int port;

    public PortTakenException(int port) {
        super("Port " + port + " on localhost is taken (another PostgreSQL, or the Sluice server of another data"
                + " folder, listens there), so the embedded PostgreSQL cannot listen on it; choose another with"
                + " --port PORT (--port 0 = any free port)");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
