package dev.sluice.server;

import dev.sluice.server.command.AgentCommand;
import dev.sluice.server.command.ConsumeCommand;
import dev.sluice.server.command.DeadLetterCommand;
import dev.sluice.server.command.DemoCommand;
import dev.sluice.server.command.GrantCommand;
import dev.sluice.server.command.GrantsCommand;
import dev.sluice.server.command.MigrateCommand;
import dev.sluice.server.command.TransactionsCommand;
import dev.sluice.server.command.QueueCommand;
import dev.sluice.server.command.RevokeCommand;
import dev.sluice.server.command.SendCommand;
import dev.sluice.server.command.ServerCommand;
import dev.sluice.server.command.SqlCommand;
import dev.sluice.server.command.TailCommand;
import dev.sluice.server.command.TopicCommand;
import dev.sluice.server.command.UrlCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sluice} command: parses the command line and runs one subcommand. Exit codes: 0 success, 1 the
 * command failed (one line on stderr says why, naming what was wrong; {@code --verbose} adds the stack trace),
 * 2 the command line was wrong (the usage follows).
 *
 * <p>Logging goes to stderr through slf4j-simple: INFO for {@code sluice server}, WARN for the client commands (so
 * their stdout is only their output); {@code --verbose} anywhere turns on DEBUG. Not thread-safe; one per run.
 */
@Command(name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = SluiceVersion.class,
        description = "Sluice: a Jakarta Messaging (JMS) provider whose broker is PostgreSQL.",
        subcommands = {
                ServerCommand.class,
                UrlCommand.class,
                MigrateCommand.class,
                QueueCommand.class,
                TopicCommand.class,
                SendCommand.class,
                ConsumeCommand.class,
                TailCommand.class,
                DeadLetterCommand.class,
                SqlCommand.class,
                GrantCommand.class,
                RevokeCommand.class,
                GrantsCommand.class,
                TransactionsCommand.class,
                DemoCommand.class,
                AgentCommand.class,
                CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'sluice <command> --help' for a command's options. Start with 'sluice demo'."})
public final class SluiceCommand implements Runnable {

    /** Exit code of a command that failed at run time. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a wrong command line. */
    public static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Log at DEBUG level and print stack traces of errors.")
    private boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: say what sluice should do");
    }

    public static void main(String[] args) {
        configureLogging(args);
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting (for embedding and tests). */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new SluiceCommand());
        commandLine.setExecutionExceptionHandler(SluiceCommand::handleFailure);
        commandLine.setParameterExceptionHandler(SluiceCommand::handleWrongCommandLine);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine.execute(args);
    }

    /** Prints what was wrong, picocli's suggestions ("Did you mean ..."), and always the usage. */
    private static int handleWrongCommandLine(CommandLine.ParameterException wrong, String[] args) {
        CommandLine where = wrong.getCommandLine();
        PrintWriter err = where.getErr();
        err.println(wrong.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(wrong, err);
        where.usage(err);
        err.flush();
        return EXIT_USAGE;
    }

    private static int handleFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = false;
        for (CommandLine.ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--verbose")) {
                verbose = true;
            }
        }
        err.println("sluice: " + ErrorMessages.oneLine(failure));
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return failure instanceof CommandFailedException failed ? failed.exitCode() : EXIT_FAILURE;
    }

    private static void configureLogging(String[] args) {
        boolean server = args.length > 0 && args[0].equals("server");
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : server ? "info" : "warn");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        if (!verbose) {
            setDefault("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
            // Each pooled connection a database outage breaks is one WARN with a stack trace from these two; the
            // outage itself is told once, by OutageLog.
            setDefault("org.slf4j.simpleLogger.log.com.zaxxer.hikari.pool.ProxyConnection", "error");
            setDefault("org.slf4j.simpleLogger.log.com.zaxxer.hikari.pool.PoolBase", "error");
            setDefault("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
            setDefault("org.slf4j.simpleLogger.log.io.zonky", "warn");
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
