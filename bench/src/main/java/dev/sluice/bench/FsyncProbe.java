package dev.sluice.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/**
 * Measures how long this disk takes to make a small write durable: 4 KiB written into a preallocated file, then
 * {@code FileChannel.force(false)} (fdatasync, what PostgreSQL's WAL and Artemis' NIO journal call), repeated for
 * a fixed time. Artemis' own {@code perf-journal} sizes the journal buffer timeout the same way. Stateless.
 */
final class FsyncProbe {

    private static final int BLOCK = 4096;
    private static final int BLOCKS = 256;

    /** The probe's figures, in nanoseconds. */
    record Result(int syncs, long medianNanos, long meanNanos, long p99Nanos) {

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d us median, %d us mean, %d us p99 over %d fdatasyncs",
                    medianNanos / 1000, meanNanos / 1000, p99Nanos / 1000, syncs);
        }
    }

    private FsyncProbe() {
    }

    static Result measure(Path directory, Duration length) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("fsync-probe.dat");
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        long[] times = new long[200_000];
        int count = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < BLOCKS; i++) {
                block.clear();
                channel.write(block, (long) i * BLOCK);
            }
            channel.force(true);
            long end = System.nanoTime() + length.toNanos();
            while (System.nanoTime() < end && count < times.length) {
                block.clear();
                block.putLong(0, count);
                long started = System.nanoTime();
                channel.write(block, (long) (count % BLOCKS) * BLOCK);
                channel.force(false);
                times[count++] = System.nanoTime() - started;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        long[] measured = Arrays.copyOf(times, count);
        Arrays.sort(measured);
        long sum = 0;
        for (long time : measured) {
            sum += time;
        }
        return new Result(count, measured[count / 2], sum / Math.max(1, count),
                measured[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)]);
    }
}
