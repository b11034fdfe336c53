package dev.sluice.flume.sinks;

import dev.sluice.flume.BatchSink;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.EventDeliveryException;
import dev.sluice.flume.internal.EventSerializer;
import dev.sluice.flume.internal.PathEscapes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hdfs sink's bucketing and rolling on the local file system ({@code type = hdfs}). Each event goes to the
 * bucket named by {@code hdfs.path} and {@code hdfs.filePrefix} with their escapes expanded ({@code %Y-%m-%d/%H},
 * {@code %{header}}, see {@link PathEscapes}); a bucket's file is written as
 * {@code [inUsePrefix]PREFIX.<millis>[SUFFIX][inUseSuffix]} and renamed without the in-use marks when it rolls:
 * after {@code hdfs.rollInterval} s (30), {@code hdfs.rollSize} bytes (1024), {@code hdfs.rollCount} events (10),
 * or {@code hdfs.idleTimeout} s without writes (0 = never); 0 disables a trigger. Every file a batch touched is
 * forced to disk before the take commits. {@code hdfs.path} may start with {@code file://}; other schemes are a
 * later option. Files left in use by a crash keep their in-use name.
 *
 * <p>Other keys: {@code hdfs.fileSuffix}, {@code hdfs.inUsePrefix} (empty), {@code hdfs.inUseSuffix} (.tmp),
 * {@code hdfs.batchSize} (100), {@code hdfs.useLocalTimeStamp} (false), {@code hdfs.timeZone} (local),
 * {@code hdfs.maxOpenFiles} (5000), {@code hdfs.fileType} (DataStream), {@code hdfs.writeFormat} (Text),
 * {@code serializer} (text | header_and_text). Confined to its runner thread.
 */
public final class TimeBucketedFileSink extends BatchSink {

    private PathEscapes path;
    private PathEscapes filePrefix;
    private String fileSuffix;
    private String inUsePrefix;
    private String inUseSuffix;
    private long rollIntervalMillis;
    private long rollSize;
    private long rollCount;
    private long idleMillis;
    private int maxOpenFiles;
    private EventSerializer serializer;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Bucket> open = new LinkedHashMap<>();
    private long lastFileMillis;

    @Override
    protected void configureSink(ComponentContext context) {
        String template = context.string("hdfs.path", "a directory, with escapes such as /data/%Y-%m-%d/%H");
        if (template.startsWith("file://")) {
            template = template.substring("file://".length());
        } else if (template.contains("://")) {
            throw context.invalid("hdfs.path", "a local directory or a file:// URL (an HDFS client is not built in)");
        }
        boolean localTime = context.bool("hdfs.useLocalTimeStamp", false);
        ZoneId zone;
        String zoneName = context.stringOr("hdfs.timeZone", null);
        try {
            zone = zoneName == null ? ZoneId.systemDefault() : ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw context.invalid("hdfs.timeZone", "a time zone id such as UTC or Europe/Paris");
        }
        path = new PathEscapes(template, zone, localTime);
        filePrefix = new PathEscapes(context.stringOr("hdfs.filePrefix", "FlumeData"), zone, localTime);
        fileSuffix = context.stringOr("hdfs.fileSuffix", "");
        inUsePrefix = context.stringOr("hdfs.inUsePrefix", "");
        inUseSuffix = context.stringOr("hdfs.inUseSuffix", ".tmp");
        rollIntervalMillis = context.number("hdfs.rollInterval", 30, 0, Long.MAX_VALUE / 1000) * 1000;
        rollSize = context.number("hdfs.rollSize", 1024, 0, Long.MAX_VALUE);
        rollCount = context.number("hdfs.rollCount", 10, 0, Long.MAX_VALUE);
        idleMillis = context.number("hdfs.idleTimeout", 0, 0, Long.MAX_VALUE / 1000) * 1000;
        maxOpenFiles = context.integer("hdfs.maxOpenFiles", 5000, 1, 1_000_000);
        context.choice("hdfs.fileType", "DataStream", "DataStream");
        context.choice("hdfs.writeFormat", "Text", "Text");
        serializer = EventSerializer.read(context, "serializer");
        setBatchSize(context.integer("hdfs.batchSize", 100, 1, 100_000));
    }

    @Override
    protected void write(List<Event> batch) throws IOException {
        long now = clock.millis();
        Set<Bucket> touched = new HashSet<>();
        List<Bucket> full = new ArrayList<>();
        for (Event event : batch) {
            String key = path.expand(event, now) + "/" + filePrefix.expand(event, now);
            Bucket bucket = open.get(key);
            if (bucket == null) {
                bucket = openBucket(key, now);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(event.body().length + 64);
            serializer.write(event, out);
            bucket.write(out.toByteArray(), now);
            touched.add(bucket);
            if ((rollCount > 0 && bucket.events >= rollCount) || (rollSize > 0 && bucket.bytes >= rollSize)) {
                full.add(bucket);
                open.remove(key);
                bucket.sync();
                bucket.roll();
            }
        }
        for (Bucket bucket : touched) {
            if (!full.contains(bucket)) {
                bucket.sync();
            }
        }
    }

    private Bucket openBucket(String key, long now) throws IOException {
        if (open.size() >= maxOpenFiles) {
            Iterator<Bucket> oldest = open.values().iterator();
            Bucket closing = oldest.next();
            oldest.remove();
            closing.roll();
        }
        int slash = key.lastIndexOf('/');
        Path directory = Path.of(key.substring(0, slash).isEmpty() ? "/" : key.substring(0, slash));
        Files.createDirectories(directory);
        long stamp = Math.max(now, lastFileMillis + 1);
        lastFileMillis = stamp;
        String finalName = key.substring(slash + 1) + "." + stamp + fileSuffix;
        Bucket bucket = new Bucket(directory.resolve(inUsePrefix + finalName + inUseSuffix),
                directory.resolve(finalName), now);
        open.put(key, bucket);
        return bucket;
    }

    @Override
    protected void idle() throws EventDeliveryException {
        long now = clock.millis();
        try {
            Iterator<Bucket> buckets = open.values().iterator();
            while (buckets.hasNext()) {
                Bucket bucket = buckets.next();
                boolean intervalDue = rollIntervalMillis > 0 && now - bucket.openedAt >= rollIntervalMillis;
                boolean idleDue = idleMillis > 0 && now - bucket.lastWriteAt >= idleMillis;
                if (intervalDue || idleDue) {
                    buckets.remove();
                    bucket.roll();
                }
            }
        } catch (IOException e) {
            throw new EventDeliveryException("Sink " + name() + " could not roll a file: " + e, e);
        }
    }

    @Override
    protected void close() {
        try {
            for (Bucket bucket : open.values()) {
                bucket.roll();
            }
            open.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("Sink " + name() + " could not close its files", e);
        }
    }

    /** One open file of a bucket. */
    private static final class Bucket {
        private final Path inUse;
        private final Path finalPath;
        private final FileChannel file;
        private final long openedAt;
        private long lastWriteAt;
        private long events;
        private long bytes;

        Bucket(Path inUse, Path finalPath, long now) throws IOException {
            this.inUse = inUse;
            this.finalPath = finalPath;
            this.file = FileChannel.open(inUse, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.openedAt = now;
            this.lastWriteAt = now;
        }

        void write(byte[] data, long now) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            events++;
            bytes += data.length;
            lastWriteAt = now;
        }

        void sync() throws IOException {
            file.force(false);
        }

        void roll() throws IOException {
            file.force(true);
            file.close();
            if (!inUse.equals(finalPath)) {
                Files.move(inUse, finalPath, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
