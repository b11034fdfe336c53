package dev.sluice.db;

import java.nio.file.Path;

/**
 * An embedded PostgreSQL's data folder already belongs to a live process (a running {@code sluice server}, say):
 * two servers must never run one folder. The message names the folder and the running owner as it described
 * itself (process id, JDBC URL, admin endpoint). Immutable.
 */
public class DataFolderInUseException extends SluiceDatabaseException {

    private final transient Path dataDir;
    private final String owner;

    public DataFolderInUseException(Path dataDir, String owner) {
        super("Data folder " + dataDir + " is in use by a running " + owner + "; stop that one first, or give this"
                + " one another folder with --data-dir");
        this.dataDir = dataDir;
        this.owner = owner;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** How the running owner described itself. */
    public String owner() {
        return owner;
    }
}
