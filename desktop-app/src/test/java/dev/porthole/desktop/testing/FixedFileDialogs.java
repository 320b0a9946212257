package dev.porthole.desktop.testing;

import dev.porthole.desktop.platform.FileDialogs;

import java.nio.file.Path;
import java.util.Optional;

/** File dialogs that answer with the paths the test set (none by default), as if the person picked them. */
public final class FixedFileDialogs implements FileDialogs {
    public volatile Path har;
    public volatile Path body;
    public volatile Path bodyToOpen;
    public volatile Path policy;

    @Override
    public Optional<Path> saveHar(String suggestedName) {
        return Optional.ofNullable(har);
    }

    @Override
    public Optional<Path> openHar() {
        return Optional.ofNullable(har);
    }

    @Override
    public Optional<Path> saveBody(String suggestedName) {
        return Optional.ofNullable(body == null ? null : body.resolveSibling(body.getFileName() + "-" + suggestedName));
    }

    @Override
    public Optional<Path> openBody() {
        return Optional.ofNullable(bodyToOpen);
    }

    @Override
    public Optional<Path> openPolicy() {
        return Optional.ofNullable(policy);
    }
}
