package dev.sluice.db.log;

import dev.sluice.db.SluiceDatabaseException;

/** A destination of that kind and name exists already. */
public class DestinationExistsException extends SluiceDatabaseException {

    public DestinationExistsException(DestinationKind kind, String name) {
        super("A " + kind.sqlName() + " named '" + name + "' already exists");
    }
}
