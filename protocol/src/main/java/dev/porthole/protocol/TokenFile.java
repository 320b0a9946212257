package dev.porthole.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads an agent token from a file ({@code --token-file}), so that it appears neither in the process list nor in
 * the environment. The file must be the owner's alone: on a file system with POSIX permissions it is refused when
 * its group or other users may read or write it. Windows file systems have ACLs instead, whose names and
 * inheritance cannot be judged portably, so there the check is not made: keep the file in your user profile, whose
 * default ACL gives access to you (and the system) only.
 *
 * <p>The file holds the token alone; surrounding whitespace (a final newline) is ignored. The token never appears in
 * a message.
 */
public final class TokenFile {
    /** A token is a few dozen characters; anything much larger is not a token file. */
    static final long MAX_BYTES = 4096;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    /** The file cannot be used; the message says why and what to do, and never contains the token. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private TokenFile() {
    }

    /** @throws Refused when the file is missing, not a regular file, open to others, empty, or holds more than a token */
    public static String read(Path file) throws Refused {
        try {
            if (!Files.isRegularFile(file)) {
                throw new Refused(Files.exists(file)
                    ? "the token file " + file + " is not a regular file"
                    : "the token file " + file + " does not exist");
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
                if (permissions.stream().anyMatch(OTHERS::contains)) {
                    throw new Refused("the token file " + file + " can be read or changed by other users (permissions "
                        + PosixFilePermissions.toString(permissions) + "); make it yours alone with: chmod 600 " + file);
                }
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new Refused("the token file " + file + " is larger than " + MAX_BYTES + " bytes; it must hold the token alone");
            }
            String token = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString().strip();
            if (token.isEmpty()) {
                throw new Refused("the token file " + file + " is empty; put the backend's agent token in it");
            }
            if (token.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new Refused("the token file " + file + " holds more than one word; it must hold the token alone");
            }
            return token;
        } catch (NoSuchFileException e) {
            throw new Refused("the token file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new Refused("the token file " + file + " is not text (UTF-8); it must hold the token alone");
        } catch (IOException e) {
            throw new Refused("could not read the token file " + file + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
