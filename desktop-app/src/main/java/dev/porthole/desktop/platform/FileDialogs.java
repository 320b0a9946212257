package dev.porthole.desktop.platform;

import java.nio.file.Path;
import java.util.Optional;

/** Where to save or what to open, asked of the person (a file chooser in the app; a fixed path in tests). */
public interface FileDialogs {

    Optional<Path> saveHar(String suggestedName);

    Optional<Path> openHar();
}
