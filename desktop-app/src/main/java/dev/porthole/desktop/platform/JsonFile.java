package dev.porthole.desktop.platform;

import com.fasterxml.jackson.databind.JavaType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * One JSON document on disk, owner-only, written atomically (temp file, then rename) so a crash never leaves half a file.
 * A file that cannot be read is moved aside, not overwritten: the person can still recover it by hand.
 */
public final class JsonFile<T> {
    private static final System.Logger LOG = System.getLogger(JsonFile.class.getName());

    private final Path path;
    private final JavaType type;
    private volatile String problem;

    public JsonFile(Path path, JavaType type) {
        this.path = path;
        this.type = type;
    }

    public JsonFile(Path path, Class<T> type) {
        this(path, Json.MAPPER.constructType(type));
    }

    public Path path() {
        return path;
    }

    /** The document, or {@code defaults} when there is none yet or it could not be read (see {@link #problem()}). */
    public T read(Supplier<T> defaults) {
        if (!Files.exists(path)) {
            return defaults.get();
        }
        try {
            T value = Json.MAPPER.readValue(path.toFile(), type);
            return value == null ? defaults.get() : value;
        } catch (IOException e) {
            Path aside = path.resolveSibling(path.getFileName() + ".unreadable-" + Instant.now().toEpochMilli());
            try {
                Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.log(Level.WARNING, "could not move unreadable " + path + " aside", moveFailed);
            }
            problem = path.getFileName() + " could not be read (" + firstLine(e.getMessage()) + "); it was kept as "
                    + aside.getFileName() + " and the app started with defaults.";
            LOG.log(Level.WARNING, problem);
            return defaults.get();
        }
    }

    /** Why the last {@link #read} fell back to defaults, or null. */
    public String problem() {
        return problem;
    }

    /** Writes the document owner-only (it may hold what the person would not show others). */
    public void write(T value) {
        try {
            PrivateFiles.write(path, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("could not save " + path, e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
