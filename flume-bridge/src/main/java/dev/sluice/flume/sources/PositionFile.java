package dev.sluice.flume.sources;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sluice.flume.internal.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The taildir source's position file: a JSON array of {@code {"inode": 1, "pos": 2, "file": "/path"}}, Flume's
 * format. It is replaced atomically (written to a temporary file, forced to disk, renamed over the old one), so a
 * crash leaves either the previous or the new positions, never a torn file. Confined to the source's thread.
 */
final class PositionFile {

    /** A file's committed offset, by inode. */
    record Position(long inode, long pos, String file) {
    }

    private final Path path;

    PositionFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    Map<Long, Position> read() {
        Map<Long, Position> positions = new LinkedHashMap<>();
        if (!Files.exists(path)) {
            return positions;
        }
        try {
            byte[] content = Files.readAllBytes(path);
            if (content.length == 0) {
                return positions;
            }
            List<Position> list = EventJson.mapper().readValue(content, new TypeReference<List<Position>>() { });
            list.forEach(position -> positions.put(position.inode(), position));
            return positions;
        } catch (IOException e) {
            throw new UncheckedIOException("Position file " + path + " is unreadable (expected Flume's JSON array of"
                    + " {inode, pos, file}); move it away to start from the configured beginning", e);
        }
    }

    void write(List<Position> positions) {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            byte[] content = EventJson.mapper().writeValueAsBytes(positions);
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(false);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write position file " + path, e);
        }
    }
}
