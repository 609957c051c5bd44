package io.synchub.rulesfile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A rules file under {@code mappings/} that is read at start-up (a broken file stops the start) and again whenever it
 * changes, at most once a second. A broken edit is refused in one log line per version of the file, the previous
 * content stays in force and {@link #problem()} says why until the file is fixed.
 *
 * @param <T> what the file holds once parsed and checked
 */
public final class ReloadedFile<T> {

    /** Parses and checks the file; throws (any exception) to refuse it. */
    @FunctionalInterface
    public interface Loader<T> {
        T load(Path file) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReloadedFile.class);
    private static final long CHECK_EVERY_MS = 1000;

    private final Path file;
    private final String what;
    private final Loader<T> loader;
    private volatile T current;
    private volatile FileTime loadedVersion;
    private volatile FileTime refusedVersion;
    private volatile String problem;
    private volatile long lastCheck;

    /** Reads the file now; a file that cannot be read or is refused stops the caller (the hub's start). */
    public ReloadedFile(Path file, String what, Loader<T> loader) throws IOException {
        this.file = file;
        this.what = what;
        this.loader = loader;
        this.current = read();
    }

    /** What is in force; re-reads the file when it has changed since the last look (at most once a second). */
    public T current() {
        long now = System.currentTimeMillis();
        if (now - lastCheck > CHECK_EVERY_MS) {
            lastCheck = now;
            FileTime version = null;
            try {
                version = Files.getLastModifiedTime(file);
                if (!version.equals(loadedVersion) && !version.equals(refusedVersion)) {
                    current = read();
                    problem = null;
                    refusedVersion = null;
                    LOG.info("{} reloaded from {}", what, file);
                }
            } catch (IOException | RuntimeException e) {
                refusedVersion = version;
                problem = e.getMessage();
                LOG.error("{} in {} refused, the previous ones stay in force: {}", what, file, e.getMessage());
            }
        }
        return current;
    }

    /** Why the file's current version was refused (the previous content is in force), or null. */
    public String problem() {
        return problem;
    }

    public Path file() {
        return file;
    }

    private T read() throws IOException {
        FileTime version = Files.getLastModifiedTime(file);
        T loaded = loader.load(file);
        loadedVersion = version;
        return loaded;
    }
}
