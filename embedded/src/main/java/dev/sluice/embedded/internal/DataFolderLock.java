package dev.sluice.embedded.internal;

import dev.sluice.db.DataFolderInUseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock that makes one live process the owner of an embedded PostgreSQL's data folder: an exclusive
 * {@link FileChannel#tryLock() file lock} on {@value #NAME} in the folder, held from before the database starts until
 * after it stopped. The operating system drops the lock when its process dies, even by SIGKILL, so "the lock is
 * free" means "no owner is alive": a postmaster still running in the folder then is an orphan. The file's text is
 * the owner's description (pid, and the addresses its server added with {@link #describe}), which a second process
 * that finds the lock taken shows in its error.
 *
 * <p>Hazard: file locks belong to the process, and closing any channel on the file releases them, so this process
 * never opens the file a second time while it holds the lock; the folders it holds are kept in {@link #HELD} and
 * checked before the file is touched. Thread-safe.
 */
public final class DataFolderLock implements AutoCloseable {

    public static final String NAME = "sluice.lock";

    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir} (which must exist) for this process.
     *
     * @throws DataFolderInUseException when another process, or this one, holds it
     */
    public static DataFolderLock acquire(Path dataDir) {
        Path folder = realPath(dataDir);
        if (!HELD.add(folder)) {
            throw new DataFolderInUseException(folder, "Sluice database of this process (pid "
                    + ProcessHandle.current().pid() + ")");
        }
        Path file = folder.resolve(NAME);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw new DataFolderInUseException(folder, ownerOf(file));
            }
            DataFolderLock held = new DataFolderLock(folder, channel, lock);
            held.describe("Sluice process (pid " + ProcessHandle.current().pid() + ")");
            return held;
        } catch (IOException e) {
            HELD.remove(folder);
            throw new UncheckedIOException("Could not lock the data folder " + folder + " (" + file + ")", e);
        } catch (RuntimeException e) {
            HELD.remove(folder);
            throw e;
        }
    }

    private static String ownerOf(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "Sluice process that is still starting" : text;
        } catch (IOException e) {
            return "process (its description in " + file + " is unreadable: " + e.getMessage() + ")";
        }
    }

    private static Path realPath(Path dataDir) {
        try {
            return dataDir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Data folder " + dataDir.toAbsolutePath() + " is not readable", e);
        }
    }

    /** Replaces the owner's description that a second process shows (one line; never a password). */
    public synchronized void describe(String owner) {
        byte[] text = (owner + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text), 0);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the owner of " + folder + " into " + NAME, e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** Releases the lock (the file stays, for the next owner to reuse). Idempotent. */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not release the lock of data folder " + folder, e);
        } finally {
            HELD.remove(folder);
        }
    }
}
