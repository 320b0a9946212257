package dev.porthole.desktop.platform;

import javafx.application.HostServices;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

import java.net.URI;

/** {@link DesktopActions} through JavaFX's clipboard and host services. */
public final class FxDesktopActions implements DesktopActions {
    private final HostServices hostServices;

    public FxDesktopActions(HostServices hostServices) {
        this.hostServices = hostServices;
    }

    @Override
    public void copyToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    @Override
    public void openInBrowser(URI uri) {
        hostServices.showDocument(uri.toString());
    }

    @Override
    public void open(java.nio.file.Path file) {
        hostServices.showDocument(file.toUri().toString());
    }
}
