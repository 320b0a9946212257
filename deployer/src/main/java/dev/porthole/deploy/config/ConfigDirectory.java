package dev.porthole.deploy.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where Porthole keeps its settings and secrets for the current user, and how it writes files only the
 * owner can read. Linux: {@code $XDG_CONFIG_HOME/porthole} or {@code ~/.config/porthole}; macOS:
 * {@code ~/Library/Application Support/Porthole}; Windows: {@code %APPDATA%\Porthole}.
 */
public final class ConfigDirectory {

    private final Path root;

    private ConfigDirectory(Path root) {
        this.root = root;
    }

    /** The current user's Porthole directory (not created until something is written). */
    public static ConfigDirectory forCurrentUser() {
        return new ConfigDirectory(resolve(System.getProperty("os.name", ""), System.getenv(), home(System.getenv(), System.getProperty("user.home"))));
    }

    /**
     * The home directory: {@code $HOME} when it is set, as every other program on Unix reads it (Java's
     * {@code user.home} comes from the password database and ignores it, so {@code HOME=/tmp/x porthole} would
     * otherwise still use the real home), else {@code user.home}.
     */
    public static Path home(Map<String, String> environment, String userHome) {
        String home = environment.get("HOME");
        return home != null && !home.isBlank() && Path.of(home).isAbsolute() ? Path.of(home) : Path.of(userHome);
    }

    /** A directory chosen by the caller, e.g. a temporary one in tests. */
    public static ConfigDirectory at(Path root) {
        return new ConfigDirectory(root);
    }

    /** The per-user directory for an operating system and environment; public for tests and the app. */
    public static Path resolve(String osName, Map<String, String> environment, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = environment.get("APPDATA");
            Path base = appData == null || appData.isBlank() ? home.resolve("AppData").resolve("Roaming") : Path.of(appData);
            return base.resolve("Porthole");
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return home.resolve("Library").resolve("Application Support").resolve("Porthole");
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        // the XDG spec says a relative value is invalid and must be ignored
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("porthole");
    }

    public Path path() {
        return root;
    }

    /** A path inside the directory. */
    public Path resolve(String first, String... more) {
        Path path = root.resolve(first);
        for (String part : more) {
            path = path.resolve(part);
        }
        return path.normalize();
    }

    /**
     * Writes a file only its owner can read or write (0600, or an owner-only ACL on Windows), creating
     * owner-only parent directories. The content never exists in the file with wider permissions:
     * it is written to a private temporary file first, then moved into place.
     */
    public Path writePrivate(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        createPrivateDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".tmp-", ".part");
        try {
            restrictToOwner(temporary, false);
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        restrictToOwner(file, false);
        return file;
    }

    private void createPrivateDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        Files.createDirectory(directory);
        if (directory.startsWith(root.toAbsolutePath())) {
            restrictToOwner(directory, true);
        }
    }

    /** Leaves only the owner's access: rw------- for files, rwx------ for directories. */
    public static void restrictToOwner(Path path, boolean directory) throws IOException {
        Set<String> views = FileSystems.getDefault().supportedFileAttributeViews();
        if (views.contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"));
        } else if (views.contains("acl")) {
            AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
            UserPrincipal owner = Files.getOwner(path);
            acl.setAcl(List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                    .setPermissions(Set.of(AclEntryPermission.values())).build()));
        }
    }
}
