package dev.porthole.desktop.deploy;

import dev.porthole.desktop.platform.DesktopActions;
import dev.porthole.desktop.platform.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code docs/deploying.md}, the guide to deploying (what the deployment needs, permissions first): the copy next to a
 * source tree when the app runs from one, else the copy the build puts in the app, written out to be opened.
 */
public final class DeployGuide {
    private static final System.Logger LOG = System.getLogger(DeployGuide.class.getName());
    static final String BUNDLED = "dev/porthole/desktop/docs/deploying.md";
    static final Path IN_SOURCE_TREE = Path.of("docs", "deploying.md");

    private DeployGuide() {
    }

    /** Opens the guide in the program the system uses for Markdown files. */
    public static void open(DesktopActions desktop) {
        Path guide = locate();
        if (guide != null) {
            desktop.open(guide);
        }
    }

    static Path locate() {
        if (Files.isRegularFile(IN_SOURCE_TREE)) {
            return IN_SOURCE_TREE.toAbsolutePath();
        }
        try (InputStream bundled = DeployGuide.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (bundled == null) {
                return null;
            }
            Path dir = Files.createTempDirectory("porthole-guide-");
            Path file = dir.resolve("deploying.md");
            PrivateFiles.write(file, bundled.readAllBytes());
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write the deployment guide out", e);
            return null;
        }
    }
}
