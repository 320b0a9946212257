package dev.porthole.desktop.platform;

import java.nio.file.Path;
import java.util.Optional;

/** Where to save or what to open, asked of the person (a file chooser in the app; a fixed path in tests). */
public interface FileDialogs {

    Optional<Path> saveHar(String suggestedName);

    Optional<Path> openHar();

    /** Where to save a request's or response's body. */
    Optional<Path> saveBody(String suggestedName);

    /** A file whose bytes replace a body in Edit and replay. */
    Optional<Path> openBody();

    /** A policy file (YAML, as the agent's --policy reads it) whose rules replace a tunnel's. */
    Optional<Path> openPolicy();
}
