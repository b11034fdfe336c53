package dev.sluice.server.command;

import dev.sluice.db.log.DestinationKind;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The parent of {@code create}, {@code list}, {@code describe}, {@code update} and {@code delete}: {@code sluice
 * queue ...} or {@code sluice topic ...}; its subcommands ask it which kind they work on. Alone it prints the
 * usage and fails. Confined to the command's thread.
 */
public abstract class DestinationKindCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Queues or topics. */
    abstract DestinationKind kind();

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: create, list, describe, update"
                + " or delete");
    }
}
