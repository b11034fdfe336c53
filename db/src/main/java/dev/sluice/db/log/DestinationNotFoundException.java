package dev.sluice.db.log;

import dev.sluice.db.SluiceDatabaseException;

/** No destination of that kind and name (or id) exists. */
public class DestinationNotFoundException extends SluiceDatabaseException {

    public DestinationNotFoundException(DestinationKind kind, String name) {
        super("There is no " + kind.sqlName() + " named '" + name + "'");
    }

    public DestinationNotFoundException(String message) {
        super(message);
    }
}
