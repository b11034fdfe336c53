package dev.sluice.server.command;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --retention} and {@code --retention-bytes}: how long, and how many body bytes per partition, a
 * destination's log keeps ("none" or leaving them out: unlimited). Picocli mixin; confined to the command's thread.
 */
public final class RetentionOptions {

    @Option(names = "--retention", paramLabel = "DURATION",
            description = "Delete messages older than this, consumed or not (e.g. 7d, 12h; 'none' = keep forever).")
    String retention;

    @Option(names = "--retention-bytes", paramLabel = "SIZE",
            description = "Keep at most this many body bytes per partition, deleting the oldest messages"
                    + " (e.g. 1GB; 'none' = unlimited).")
    String retentionBytes;

    boolean given() {
        return retention != null || retentionBytes != null;
    }

    /** The time limit in ms, null for unlimited; {@code current} when the option was not given. */
    Long retentionMs(Long current) {
        if (retention == null) {
            return current;
        }
        if (retention.equalsIgnoreCase("none")) {
            return null;
        }
        Duration duration = DurationConverter.parse(retention);
        return duration.isZero() ? null : duration.toMillis();
    }

    /** The size limit in bytes, null for unlimited; {@code current} when the option was not given. */
    Long retentionBytes(Long current) {
        if (retentionBytes == null) {
            return current;
        }
        if (retentionBytes.equalsIgnoreCase("none")) {
            return null;
        }
        long bytes = ByteSizeConverter.parse(retentionBytes);
        return bytes == 0 ? null : bytes;
    }

    /** "7d / 1.0 GB per partition", "unlimited". */
    static String describe(Long retentionMs, Long retentionBytes) {
        if (retentionMs == null && retentionBytes == null) {
            return "unlimited";
        }
        String time = retentionMs == null ? "any age" : DurationConverter.format(Duration.ofMillis(retentionMs));
        String size = retentionBytes == null ? "any size"
                : ByteSizeConverter.format(retentionBytes) + " per partition";
        return time + " / " + size;
    }
}
