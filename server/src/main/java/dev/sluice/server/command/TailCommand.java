package dev.sluice.server.command;

import dev.sluice.db.Database;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationListeners;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.LogStore;
import dev.sluice.server.CommandFailedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.postgresql.PGConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice tail DEST}: follows a destination's log like {@code tail -f}, one line per message, without
 * consuming anything (it reads the log, not a subscription, so consumers are not affected). New messages are
 * announced by the NOTIFY every append sends on {@code sluice_log_<destination id>}; the command LISTENs on a
 * connection of its own and reads the new offsets of each partition through the view {@code sluice.messages}.
 * Confined to the command's thread.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Follow a destination's log: print each new message as one line (partition/offset, time,"
                + " message ID, properties, body) without consuming it. Ctrl-C stops.")
public final class TailCommand implements Callable<Integer> {

    private static final int READ_LIMIT = 500;
    /** Longest wait for a notification before looking again (covers a LISTEN connection that broke silently). */
    private static final int LISTEN_TIMEOUT_MS = 5_000;

    private final String listener = "tail-" + UUID.randomUUID();

    private static final String READ = """
            select partition, log_offset, to_char(sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as sent,
                   message_id, properties::text as properties, body_type, body_size, body_text
              from sluice.messages
             where destination = ? and kind = ? and partition = ? and log_offset >= ?
             order by log_offset limit ?""";

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DEST", description = DestinationArgument.DESCRIPTION)
    String destination;

    @Option(names = "--topic", description = "A bare DEST names a topic.")
    boolean topic;

    @Option(names = "--from-beginning", description = "Start with the oldest message kept, not with the next new one.")
    boolean fromBeginning;

    @Option(names = {"-n", "--count"}, description = "Stop after this many messages.")
    Integer count;

    @Option(names = "--no-auto-create", description = "Fail if the destination does not exist instead of creating it"
            + " (as send and consume do, with " + DestinationStore.DEFAULT_PARTITIONS + " partitions).")
    boolean noAutoCreate;

    @Override
    public Integer call() throws SQLException {
        DestinationArgument source = DestinationArgument.parse(spec.commandLine(), destination, topic);
        try (Database database = connection.openDatabase()) {
            DestinationStore destinations = new DestinationStore(database.jdbi());
            Destination stored = noAutoCreate
                    ? destinations.find(source.kind(), source.name()).orElseThrow(() -> new CommandFailedException(
                            "There is no " + source + " to follow"))
                    : destinations.createIfAbsent(source.kind(), source.name(), DestinationStore.DEFAULT_PARTITIONS);
            try (Connection listen = database.openDedicatedConnection();
                 Connection read = database.dataSource().getConnection()) {
                try (Statement statement = listen.createStatement()) {
                    statement.execute("listen " + LogStore.CHANNEL_PREFIX + stored.id());
                }
                // senders notify only destinations someone registered for
                DestinationListeners.register(listen, stored.id(), listener);
                long[] positions = startPositions(read, stored);
                System.err.println("Following " + source + " (" + stored.partitionCount() + " partitions); Ctrl-C"
                        + " stops");
                try {
                    follow(listen, read, stored, source, positions);
                } finally {
                    DestinationListeners.unregister(listen, listener);
                }
            }
        }
        return 0;
    }

    private long[] startPositions(Connection read, Destination stored) throws SQLException {
        long[] positions = new long[stored.partitionCount()];
        try (PreparedStatement statement = read.prepareStatement("select partition, "
                + (fromBeginning ? "start_offset" : "next_offset") + " from sluice.log_partition"
                + " where destination_id = ?")) {
            statement.setInt(1, stored.id());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    positions[rs.getInt(1)] = rs.getLong(2);
                }
            }
        }
        return positions;
    }

    private void follow(Connection listenConnection, Connection read, Destination stored, DestinationArgument source,
                        long[] positions) throws SQLException {
        PGConnection listen = listenConnection.unwrap(PGConnection.class);
        long registered = System.nanoTime();
        int printed = 0;
        while (count == null || printed < count) {
            int found = 0;
            for (int partition = 0; partition < positions.length && (count == null || printed < count); partition++) {
                for (String line : readFrom(read, source, partition, positions)) {
                    System.out.println(line);
                    found++;
                    if (count != null && ++printed >= count) {
                        break;
                    }
                }
            }
            System.out.flush();
            if (found == 0) {
                // Blocks until an append to this destination is announced (or the timeout passes).
                listen.getNotifications(LISTEN_TIMEOUT_MS);
            }
            if (System.nanoTime() - registered > DestinationListeners.REFRESH_MS * 1_000_000L) {
                DestinationListeners.refresh(listenConnection, listener);
                registered = System.nanoTime();
            }
        }
    }

    private List<String> readFrom(Connection read, DestinationArgument source, int partition, long[] positions)
            throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement statement = read.prepareStatement(READ)) {
            statement.setString(1, source.name());
            statement.setString(2, source.kind().sqlName());
            statement.setInt(3, partition);
            statement.setLong(4, positions[partition]);
            statement.setInt(5, READ_LIMIT);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long offset = rs.getLong("log_offset");
                    positions[partition] = offset + 1;
                    String properties = rs.getString("properties");
                    String text = rs.getString("body_text");
                    String body = text != null ? text
                            : "(" + rs.getString("body_type") + ", " + rs.getInt("body_size") + " bytes)";
                    lines.add(partition + "/" + offset + "  " + rs.getString("sent") + "  " + rs.getString("message_id")
                            + "  " + (properties == null ? "{}" : properties) + "  " + body.replace("\n", "\\n"));
                }
            }
        }
        return lines;
    }
}
