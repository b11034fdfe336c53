package dev.sluice.db.log;

import dev.sluice.db.SluiceDatabaseException;

/** A destination name breaks {@link DestinationName}'s rule. */
public class InvalidDestinationNameException extends SluiceDatabaseException {

    private final String name;

    public InvalidDestinationNameException(String name, String reason) {
        super("Invalid destination name " + DestinationName.quoted(name) + ": " + reason);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
