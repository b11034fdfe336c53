package dev.sluice.flume.sources;

import dev.sluice.flume.AbstractSource;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.PollableSource;
import dev.sluice.flume.Status;
import dev.sluice.flume.internal.LineReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads completed files dropped into a directory, line by line ({@code type = spooldir}), then marks each one
 * done by renaming it with {@code fileSuffix} or deleting it ({@code deletePolicy = immediate}).
 *
 * <p>A file is taken only once its size and modification time have stayed the same for {@code pollDelay} ms, so
 * a file still being written is not read. The offset reached in the current file is recorded after every
 * committed batch in {@code trackerDir/NAME.offset} (replaced atomically), so a restarted source resumes there
 * and repeats at most one batch. If a file changes while it is read, the source logs an error and leaves it
 * unmarked.
 *
 * <p>Keys: {@code spoolDir} (required), {@code fileSuffix} (.COMPLETED), {@code deletePolicy} (never |
 * immediate), {@code fileHeader} (false), {@code fileHeaderKey} (file), {@code basenameHeader} (false),
 * {@code basenameHeaderKey} (basename), {@code includePattern} (^.*$), {@code ignorePattern} (^$),
 * {@code trackerDir} (.flumespool, relative to spoolDir), {@code consumeOrder} (oldest | youngest | random),
 * {@code batchSize} (100), {@code pollDelay} (500 ms), {@code maxBackoff} (4000 ms), {@code deserializer}
 * (LINE), {@code deserializer.maxLineLength} (2048). Confined to its runner thread.
 */
public final class SpoolDirectorySource extends AbstractSource implements PollableSource {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectorySource.class);

    private record Observation(long size, long modified, long since) {
    }

    private Path spoolDir;
    private String suffix;
    private boolean deleteImmediately;
    private String fileHeaderKey;
    private String basenameHeaderKey;
    private Pattern include;
    private Pattern ignore;
    private Path trackerDir;
    private String order;
    private int batchSize;
    private long pollDelay;
    private long maxBackoff;
    private LineReader reader;
    private final Map<Path, Observation> observed = new HashMap<>();

    private Path current;
    private FileChannel channel;
    private long offset;
    private Observation selectedAs;

    @Override
    protected void configureSource(ComponentContext context) {
        spoolDir = context.path("spoolDir", "the directory completed files are dropped into");
        suffix = context.stringOr("fileSuffix", ".COMPLETED");
        deleteImmediately = context.choice("deletePolicy", "never", "never", "immediate").equals("immediate");
        fileHeaderKey = context.bool("fileHeader", false) ? context.stringOr("fileHeaderKey", "file") : null;
        context.stringOr("fileHeaderKey", "file");
        basenameHeaderKey = context.bool("basenameHeader", false) ? context.stringOr("basenameHeaderKey", "basename")
                : null;
        context.stringOr("basenameHeaderKey", "basename");
        include = context.regex("includePattern", "^.*$");
        ignore = context.regex("ignorePattern", "^$");
        trackerDir = spoolDir.resolve(context.stringOr("trackerDir", ".flumespool"));
        order = context.choice("consumeOrder", "oldest", "oldest", "youngest", "random");
        batchSize = context.integer("batchSize", 100, 1, 100_000);
        pollDelay = context.number("pollDelay", 500, 0, 600_000);
        maxBackoff = context.number("maxBackoff", 4000, 1, 600_000);
        context.choice("deserializer", "LINE", "LINE");
        reader = new LineReader(context.integer("deserializer.maxLineLength", 2048, 16, 64 << 20));
        context.stringOr("inputCharset", "UTF-8");
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(trackerDir);
        } catch (IOException e) {
            throw new UncheckedIOException("source " + name() + " cannot create its tracker directory "
                    + trackerDir, e);
        }
        LOG.info("source {}: spooling {}", name(), spoolDir);
    }

    @Override
    public long maxBackoffMillis() {
        return maxBackoff;
    }

    @Override
    public Status process() {
        try {
            if (current == null && !selectNext()) {
                return Status.BACKOFF;
            }
            LineReader.Batch batch = reader.read(channel, offset, batchSize, true);
            if (!batch.lines().isEmpty()) {
                List<Event> events = new ArrayList<>(batch.lines().size());
                for (LineReader.Line line : batch.lines()) {
                    Event event = new Event(Map.of(), line.bytes());
                    if (fileHeaderKey != null) {
                        event.headers().put(fileHeaderKey, current.toString());
                    }
                    if (basenameHeaderKey != null) {
                        event.headers().put(basenameHeaderKey, current.getFileName().toString());
                    }
                    events.add(event);
                }
                deliver(events);
                offset = batch.end();
                writeTracker();
            }
            if (offset >= channel.size()) {
                complete();
            }
            return Status.READY;
        } catch (IOException e) {
            throw new UncheckedIOException("source " + name() + ": reading " + current + " failed", e);
        }
    }

    private boolean selectNext() throws IOException {
        long now = System.currentTimeMillis();
        List<Path> ready = new ArrayList<>();
        Map<Path, Observation> seen = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(spoolDir)) {
            for (Path path : entries) {
                String fileName = path.getFileName().toString();
                if (!Files.isRegularFile(path) || fileName.endsWith(suffix) || fileName.startsWith(".")
                        || !include.matcher(fileName).matches() || ignore.matcher(fileName).matches()) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                long size = attributes.size();
                long modified = attributes.lastModifiedTime().toMillis();
                Observation before = observed.get(path);
                Observation now0 = before != null && before.size() == size && before.modified() == modified
                        ? before : new Observation(size, modified, now);
                seen.put(path, now0);
                boolean resumed = Files.exists(tracker(path));
                if (resumed || (now - now0.since() >= pollDelay && now - modified >= pollDelay)) {
                    ready.add(path);
                }
            }
        }
        observed.clear();
        observed.putAll(seen);
        if (ready.isEmpty()) {
            return false;
        }
        Path next = ready.stream().filter(path -> Files.exists(tracker(path))).findFirst()
                .orElseGet(() -> choose(ready));
        current = next;
        selectedAs = seen.get(next);
        channel = FileChannel.open(next, StandardOpenOption.READ);
        offset = readTracker(next);
        LOG.info("source {}: reading {}{}", name(), next, offset > 0 ? " from offset " + offset : "");
        return true;
    }

    private Path choose(List<Path> ready) {
        if (order.equals("random")) {
            Collections.shuffle(ready);
            return ready.get(0);
        }
        Comparator<Path> byAge = Comparator.comparingLong(path -> observed.get(path).modified());
        byAge = byAge.thenComparing(Path::toString);
        return order.equals("oldest") ? Collections.min(ready, byAge) : Collections.max(ready, byAge);
    }

    private Path tracker(Path file) {
        return trackerDir.resolve(file.getFileName() + ".offset");
    }

    private long readTracker(Path file) throws IOException {
        Path tracker = tracker(file);
        if (!Files.exists(tracker)) {
            return 0;
        }
        String text = Files.readString(tracker, StandardCharsets.UTF_8).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            LOG.warn("source {}: tracker {} holds '{}', not an offset; reading {} from the start", name(), tracker,
                    text, file);
            return 0;
        }
    }

    private void writeTracker() throws IOException {
        Path tracker = tracker(current);
        Path temporary = trackerDir.resolve(current.getFileName() + ".offset.tmp");
        Files.writeString(temporary, Long.toString(offset), StandardCharsets.UTF_8);
        Files.move(temporary, tracker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void complete() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(current, BasicFileAttributes.class);
        channel.close();
        Path done = current;
        current = null;
        channel = null;
        if (selectedAs != null && attributes.size() != selectedAs.size()) {
            LOG.error("source {}: {} changed while it was read (now {} bytes, read {}); it is left unmarked",
                    name(), done, attributes.size(), offset);
            return;
        }
        if (deleteImmediately) {
            Files.delete(done);
        } else {
            Files.move(done, done.resolveSibling(done.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(tracker(done));
        observed.remove(done);
        LOG.info("source {}: completed {}", name(), done);
    }

    @Override
    public void stop() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("source {}: closing {}: {}", name(), current, e.toString());
            }
        }
    }
}
