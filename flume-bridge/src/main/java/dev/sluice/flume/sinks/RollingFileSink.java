package dev.sluice.flume.sinks;

import dev.sluice.flume.BatchSink;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.EventDeliveryException;
import dev.sluice.flume.internal.EventSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

/**
 * Writes events to files in one directory, starting a new file every {@code sink.rollInterval} seconds (default
 * 30; 0 = never) ({@code type = file_roll}). Files are named {@code PREFIX<start millis>-<n>[.EXTENSION]}
 * ({@code sink.pathManager.prefix}, {@code sink.pathManager.extension}); a restarted sink always opens a new file,
 * so it never overwrites. Each batch is written, then forced to disk (fsync), before the take commits.
 *
 * <p>Keys: {@code sink.directory} (required), {@code sink.rollInterval}, {@code sink.pathManager} (default),
 * {@code sink.pathManager.prefix}, {@code sink.pathManager.extension}, {@code sink.serializer} (text |
 * header_and_text), {@code sink.batchSize} (default 100). Confined to its runner thread.
 */
public final class RollingFileSink extends BatchSink {

    private Path directory;
    private long rollMillis;
    private String prefix;
    private String extension;
    private EventSerializer serializer;
    private final Clock clock = Clock.systemUTC();
    private FileChannel file;
    private Path current;
    private long openedAt;
    private int fileNumber;
    private long startedAt;

    @Override
    protected void configureSink(ComponentContext context) {
        directory = context.path("sink.directory", "the directory the files are written to");
        rollMillis = context.number("sink.rollInterval", 30, 0, Long.MAX_VALUE / 1000) * 1000;
        context.choice("sink.pathManager", "default", "default");
        prefix = context.stringOr("sink.pathManager.prefix", "");
        String ext = context.stringOr("sink.pathManager.extension", "");
        extension = ext.isEmpty() ? "" : "." + ext;
        serializer = EventSerializer.read(context, "sink.serializer");
        setBatchSize(context.integer("sink.batchSize", 100, 1, 100_000));
    }

    @Override
    protected void open() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Sink " + name() + " cannot create its directory " + directory, e);
        }
        startedAt = clock.millis();
    }

    @Override
    protected void write(List<Event> batch) throws IOException {
        rollIfDue();
        if (file == null) {
            fileNumber++;
            current = directory.resolve(prefix + startedAt + "-" + fileNumber + extension);
            file = FileChannel.open(current, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            openedAt = clock.millis();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 256);
        for (Event event : batch) {
            serializer.write(event, out);
        }
        ByteBuffer buffer = ByteBuffer.wrap(out.toByteArray());
        while (buffer.hasRemaining()) {
            file.write(buffer);
        }
        file.force(false);
    }

    @Override
    protected void idle() throws EventDeliveryException {
        try {
            rollIfDue();
        } catch (IOException e) {
            throw new EventDeliveryException("Sink " + name() + " could not close " + current + ": " + e, e);
        }
    }

    private void rollIfDue() throws IOException {
        if (file != null && rollMillis > 0 && clock.millis() - openedAt >= rollMillis) {
            closeFile();
        }
    }

    private void closeFile() throws IOException {
        FileChannel closing = file;
        file = null;
        if (closing != null) {
            closing.force(true);
            closing.close();
        }
    }

    /** The file being written, or null. */
    public Path currentFile() {
        return current;
    }

    @Override
    protected void close() {
        try {
            closeFile();
        } catch (IOException e) {
            throw new UncheckedIOException("Sink " + name() + " could not close " + current, e);
        }
    }
}
