package dev.sluice.flume.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads whole lines from a file at a byte offset, for the taildir and spooldir sources. A line ends with
 * {@code \n} (a {@code \r} before it is dropped); a last line without its newline is left for later, since it
 * may still be being written, unless the caller says the file is complete. Lines longer than the buffer grow it
 * up to {@code maxLineBytes}; beyond that a line is cut into pieces of that size. Confined to one thread.
 */
public final class LineReader {

    /** A line's bytes and the offset where it starts. */
    public record Line(byte[] bytes, long offset) {
    }

    /** The lines read and the offset just after the last one. */
    public record Batch(List<Line> lines, long end) {
    }

    private final int maxLineBytes;
    private ByteBuffer buffer;

    public LineReader(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
        this.buffer = ByteBuffer.allocate(Math.min(64 * 1024, maxLineBytes));
    }

    /** Up to {@code max} lines starting at {@code from}. */
    public Batch read(FileChannel file, long from, int max, boolean fileComplete) throws IOException {
        List<Line> lines = new ArrayList<>();
        long position = from;
        while (lines.size() < max) {
            buffer.clear();
            int read = file.read(buffer, position);
            if (read <= 0) {
                break;
            }
            byte[] data = buffer.array();
            int start = 0;
            for (int i = 0; i < read && lines.size() < max; i++) {
                if (data[i] == '\n') {
                    int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                    lines.add(new Line(Arrays.copyOfRange(data, start, end), position + start));
                    start = i + 1;
                }
            }
            if (start == 0) {
                if (read == buffer.capacity()) {
                    if (buffer.capacity() < maxLineBytes) {
                        buffer = ByteBuffer.allocate(Math.min(maxLineBytes, buffer.capacity() * 2));
                        continue;
                    }
                    lines.add(new Line(Arrays.copyOf(data, read), position));
                    position += read;
                    continue;
                }
                if (fileComplete && read > 0) {
                    lines.add(new Line(Arrays.copyOf(data, read), position));
                    position += read;
                }
                break;
            }
            position += start;
        }
        return new Batch(lines, position);
    }
}
