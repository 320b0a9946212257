package dev.porthole.desktop.platform;

import java.net.URI;

/** What the app asks of the desktop around it: the clipboard and the browser. */
public interface DesktopActions {

    void copyToClipboard(String text);

    void openInBrowser(URI uri);
}
