package dev.porthole.desktop.testing;

import dev.porthole.desktop.platform.DesktopActions;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what would have gone to the clipboard and the browser. */
public final class RecordingDesktop implements DesktopActions {
    public final List<String> copied = new CopyOnWriteArrayList<>();
    public final List<URI> opened = new CopyOnWriteArrayList<>();
    public final List<java.nio.file.Path> openedFiles = new CopyOnWriteArrayList<>();

    @Override
    public void copyToClipboard(String text) {
        copied.add(text);
    }

    @Override
    public void openInBrowser(URI uri) {
        opened.add(uri);
    }

    @Override
    public void open(java.nio.file.Path file) {
        openedFiles.add(file);
    }
}
