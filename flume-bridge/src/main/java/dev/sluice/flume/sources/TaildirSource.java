package dev.sluice.flume.sources;

import dev.sluice.flume.AbstractSource;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.ConfigurationException;
import dev.sluice.flume.Event;
import dev.sluice.flume.PollableSource;
import dev.sluice.flume.Status;
import dev.sluice.flume.internal.LineReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the files of one or more file groups line by line ({@code type = taildir}), remembering in a position file
 * how far each file was committed.
 *
 * <p>Files are known by inode, not by name: a file renamed by rotation keeps its position, so it is neither read
 * again nor skipped. A file open here stays readable after it is renamed or deleted, so the source reads it to the
 * end even when its new name no longer matches the group; it lets go of such a file once it is at its end and has
 * not grown for {@code idleTimeout} ms. After a restart, a file in the position file that no longer matches is
 * looked for by inode in its group's directory and read to its end. A file that became shorter than its position
 * was truncated (copytruncate rotation) and is read again from the start.
 *
 * <p>Transactions: lines are read into a batch of at most {@code batchSize}, put to the channels, and only after
 * the commit is the position advanced and the position file rewritten (atomically), so a crash repeats at most
 * the one batch that was committed but not yet recorded. A last line without its newline waits for it.
 *
 * <p>Keys: {@code filegroups} (names), {@code filegroups.G} (a path whose file name part is a regular expression as
 * in Flume, or a glob after a {@code glob:} prefix), {@code headers.G.KEY = value}, {@code positionFile}
 * (~/.flume/taildir_position.json), {@code batchSize} (100), {@code maxBatchCount} (batches per file before the
 * next file), {@code skipToEnd} (false), {@code fileHeader} (false), {@code fileHeaderKey} (file),
 * {@code byteOffsetHeader} (false: header {@code byteoffset}), {@code idleTimeout} (120000 ms),
 * {@code maxBackoffSleep} (5000 ms), {@code maxLineLength} (1 MiB). {@code writePosInterval} and
 * {@code cachePatternMatching} are accepted for compatibility: positions are written after every commit.
 * Confined to its runner thread.
 */
public final class TaildirSource extends AbstractSource implements PollableSource {

    private static final Logger LOG = LoggerFactory.getLogger(TaildirSource.class);

    private record FileGroup(String name, Path directory, PathMatcher matcher, Map<String, String> headers) {
        boolean matches(Path file) {
            return matcher.matches(file.getFileName());
        }
    }

    /** A file being tailed. */
    private static final class TailedFile {
        final long inode;
        final FileGroup group;
        Path path;
        FileChannel channel;
        long pos;
        boolean matched;
        long lastGrowthAt;
        long lastSize;

        TailedFile(long inode, FileGroup group, Path path, FileChannel channel, long pos, long now) {
            this.inode = inode;
            this.group = group;
            this.path = path;
            this.channel = channel;
            this.pos = pos;
            this.lastGrowthAt = now;
        }
    }

    private final List<FileGroup> groups = new ArrayList<>();
    private PositionFile positionFile;
    private int batchSize;
    private long maxBatchCount;
    private boolean skipToEnd;
    private String fileHeaderKey;
    private boolean byteOffsetHeader;
    private long idleTimeoutMillis;
    private long maxBackoff;
    private LineReader reader;
    private final Map<Long, TailedFile> files = new LinkedHashMap<>();
    private Map<Long, PositionFile.Position> recovered = Map.of();

    @Override
    protected void configureSource(ComponentContext context) {
        List<String> groupNames = context.list("filegroups");
        if (groupNames.isEmpty()) {
            throw new ConfigurationException("Configuration key " + context.fullKey("filegroups")
                    + " is missing: expected the names of file groups, each with filegroups.NAME = /dir/pattern");
        }
        for (String group : groupNames) {
            groups.add(fileGroup(context, group));
        }
        context.subProperties("headers.").keySet().forEach(key -> {
            String group = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (!groupNames.contains(group) || !key.contains(".")) {
                throw new ConfigurationException("Configuration key " + context.fullKey("headers." + key)
                        + " is invalid: expected headers.GROUP.HEADER with GROUP one of " + groupNames);
            }
        });
        positionFile = new PositionFile(Path.of(context.stringOr("positionFile",
                System.getProperty("user.home") + "/.flume/taildir_position.json")));
        batchSize = context.integer("batchSize", 100, 1, 100_000);
        maxBatchCount = context.number("maxBatchCount", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        skipToEnd = context.bool("skipToEnd", false);
        fileHeaderKey = context.bool("fileHeader", false) ? context.stringOr("fileHeaderKey", "file") : null;
        context.stringOr("fileHeaderKey", "file");
        byteOffsetHeader = context.bool("byteOffsetHeader", false);
        idleTimeoutMillis = context.number("idleTimeout", 120_000, 0, Long.MAX_VALUE);
        maxBackoff = context.number("maxBackoffSleep", 5000, 1, 600_000);
        context.number("backoffSleepIncrement", 1000, 1, 600_000);
        context.number("writePosInterval", 3000, 0, Long.MAX_VALUE);
        context.bool("cachePatternMatching", true);
        reader = new LineReader(context.integer("maxLineLength", 1 << 20, 16, 64 << 20));
    }

    private static FileGroup fileGroup(ComponentContext context, String group) {
        String key = "filegroups." + group;
        String spec = context.string(key, "a path such as /var/log/app/.*\\.log (the file name part a regular"
                + " expression) or glob:/var/log/app/*.log");
        boolean glob = spec.startsWith("glob:");
        Path full = Path.of(glob ? spec.substring("glob:".length()) : spec);
        Path directory = full.getParent();
        if (directory == null || !full.isAbsolute()) {
            throw context.invalid(key, "an absolute path whose last part names the files");
        }
        String name = full.getFileName().toString();
        PathMatcher matcher;
        try {
            if (glob) {
                matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
            } else {
                Pattern pattern = Pattern.compile(name);
                matcher = path -> pattern.matcher(path.toString()).matches();
            }
        } catch (IllegalArgumentException e) {
            throw context.invalid(key, "a file name pattern (" + e.getMessage() + ")");
        }
        Map<String, String> headers = context.subProperties("headers." + group + ".");
        return new FileGroup(group, directory, matcher, Map.copyOf(headers));
    }

    @Override
    public void start() {
        recovered = new LinkedHashMap<>(positionFile.read());
        LOG.info("source {}: tailing {} with positions in {} ({} known files)", name(),
                groups.stream().map(group -> group.directory() + "/" + group.name()).toList(), positionFile.path(),
                recovered.size());
    }

    @Override
    public long maxBackoffMillis() {
        return maxBackoff;
    }

    @Override
    public Status process() {
        long now = System.currentTimeMillis();
        scan(now);
        boolean delivered = false;
        List<TailedFile> ordered = new ArrayList<>(files.values());
        ordered.sort(Comparator.comparingLong(TaildirSource::lastModified));
        for (TailedFile file : ordered) {
            delivered |= tail(file, now);
        }
        retireFinished(now);
        return delivered ? Status.READY : Status.BACKOFF;
    }

    private static long lastModified(TailedFile file) {
        try {
            return Files.getLastModifiedTime(file.path).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private void scan(long now) {
        files.values().forEach(file -> file.matched = false);
        for (FileGroup group : groups) {
            if (!Files.isDirectory(group.directory())) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(group.directory())) {
                for (Path path : entries) {
                    if (!Files.isRegularFile(path)) {
                        continue;
                    }
                    boolean matches = group.matches(path);
                    long inode;
                    try {
                        inode = inode(path);
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                    TailedFile known = files.get(inode);
                    if (known != null) {
                        known.path = path;
                        known.matched |= matches;
                    } else if (matches || recovered.containsKey(inode)) {
                        open(group, path, inode, matches, now);
                    }
                }
            } catch (IOException e) {
                LOG.warn("source {}: cannot list {}: {}", name(), group.directory(), e.toString());
            }
        }
        // Recovered positions matter for the first scan only; those of files found nowhere are dropped.
        recovered = Map.of();
    }

    private void open(FileGroup group, Path path, long inode, boolean matches, long now) {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            long size = channel.size();
            PositionFile.Position known = recovered.get(inode);
            long pos;
            if (known != null) {
                pos = known.pos() <= size ? known.pos() : 0;
            } else {
                pos = skipToEnd ? size : 0;
            }
            TailedFile file = new TailedFile(inode, group, path, channel, pos, now);
            file.matched = matches;
            file.lastSize = size;
            files.put(inode, file);
            LOG.info("source {}: tailing {} (inode {}) from offset {}{}", name(), path, inode, pos,
                    matches ? "" : ", a rotated file with lines left to read");
        } catch (NoSuchFileException gone) {
            LOG.debug("source {}: {} vanished before it was opened", name(), path);
        } catch (IOException e) {
            LOG.warn("source {}: cannot open {}: {}", name(), path, e.toString());
        }
    }

    private static long inode(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
    }

    /** Reads and delivers batches of one file; true if anything was delivered. */
    private boolean tail(TailedFile file, long now) {
        boolean delivered = false;
        try {
            long size = file.channel.size();
            if (size < file.pos) {
                LOG.warn("source {}: {} shrank from {} to {} bytes (truncated); reading it again from the start",
                        name(), file.path, file.pos, size);
                file.pos = 0;
            }
            if (size != file.lastSize) {
                file.lastSize = size;
                file.lastGrowthAt = now;
            }
            for (long batches = 0; batches < maxBatchCount && file.pos < size; batches++) {
                LineReader.Batch batch = reader.read(file.channel, file.pos, batchSize, false);
                if (batch.lines().isEmpty()) {
                    break;
                }
                List<Event> events = new ArrayList<>(batch.lines().size());
                for (LineReader.Line line : batch.lines()) {
                    Event event = new Event(file.group.headers(), line.bytes());
                    if (fileHeaderKey != null) {
                        event.headers().put(fileHeaderKey, file.path.toString());
                    }
                    if (byteOffsetHeader) {
                        event.headers().put("byteoffset", Long.toString(line.offset()));
                    }
                    events.add(event);
                }
                deliver(events);
                file.pos = batch.end();
                writePositions();
                delivered = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("source " + name() + ": reading " + file.path + " failed", e);
        }
        return delivered;
    }

    private void retireFinished(long now) {
        boolean changed = false;
        var iterator = files.values().iterator();
        while (iterator.hasNext()) {
            TailedFile file = iterator.next();
            if (file.matched) {
                continue;
            }
            try {
                boolean atEnd = file.pos >= file.channel.size();
                if (atEnd && now - file.lastGrowthAt >= idleTimeoutMillis) {
                    file.channel.close();
                    iterator.remove();
                    changed = true;
                    LOG.info("source {}: done with {} (inode {}), no longer matched and read to its end", name(),
                            file.path, file.inode);
                }
            } catch (IOException e) {
                LOG.warn("source {}: {}", name(), e.toString());
            }
        }
        if (changed) {
            writePositions();
        }
    }

    private void writePositions() {
        List<PositionFile.Position> positions = new ArrayList<>(files.size());
        files.values().forEach(file -> positions.add(new PositionFile.Position(file.inode, file.pos,
                file.path.toString())));
        positionFile.write(positions);
    }

    @Override
    public void stop() {
        if (!files.isEmpty()) {
            writePositions();
        }
        for (TailedFile file : files.values()) {
            try {
                file.channel.close();
            } catch (IOException e) {
                LOG.debug("source {}: closing {}: {}", name(), file.path, e.toString());
            }
        }
        files.clear();
    }
}
