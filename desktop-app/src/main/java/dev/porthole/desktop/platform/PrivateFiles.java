package dev.porthole.desktop.platform;

import dev.porthole.deploy.config.ConfigDirectory;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Every file the app writes holds traffic or secrets (request bodies, form passwords, tokens), so every one is
 * owner-only: folders 0700, files 0600 (an owner-only ACL where the file system has no POSIX permissions). Files are
 * created with those permissions, so their content never exists with wider ones.
 */
public final class PrivateFiles {
    private static final System.Logger LOG = System.getLogger(PrivateFiles.class.getName());
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} and its missing parents, each owner-only; folders that exist are left as they are. */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(absolute, folderAttribute());
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            return;
        }
        if (!POSIX) {
            ConfigDirectory.restrictToOwner(absolute, true);
        }
    }

    /**
     * Makes a folder or file that already exists owner-only: what an older version (or a umask) left readable by
     * others is tightened at start. A path this user does not own is left alone, with a warning.
     */
    public static void restrictExisting(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            ConfigDirectory.restrictToOwner(path, Files.isDirectory(path));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.log(Level.WARNING, "could not make " + path + " readable by its owner only", e);
        }
    }

    /** Replaces {@code file} with {@code content} at once (a private temporary file moved into place). */
    public static void write(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp", fileAttributes());
        try {
            if (!POSIX) {
                ConfigDirectory.restrictToOwner(temp, false);
            }
            Files.write(temp, content);
            moveIntoPlace(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new private temporary file next to {@code file}, for content written in steps and then {@link #moveIntoPlace}. */
    public static Path temporaryNextTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp", fileAttributes());
        if (!POSIX) {
            ConfigDirectory.restrictToOwner(temp, false);
        }
        return temp;
    }

    public static void moveIntoPlace(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Appends to {@code file}, creating it owner-only when it is not there yet. */
    public static void append(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = appending(file)) {
            out.write(bytes);
        }
    }

    /** A stream appending to {@code file}, which is created owner-only when it is not there yet. */
    public static OutputStream appending(Path file) throws IOException {
        createDirectories(file.toAbsolutePath().getParent());
        boolean existed = Files.exists(file);
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), fileAttributes()));
        if (!existed && !POSIX) {
            ConfigDirectory.restrictToOwner(file, false);
        }
        return out;
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] folderAttribute() {
        return POSIX ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FOLDER)} : new FileAttribute<?>[0];
    }
}
