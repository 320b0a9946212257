package dev.porthole.desktop.platform;

import java.net.URI;

/** What the app asks of the desktop around it: the clipboard, the browser and the programs that open files. */
public interface DesktopActions {

    void copyToClipboard(String text);

    void openInBrowser(URI uri);

    /** Opens a file with the program the system uses for its type. */
    void open(java.nio.file.Path file);
}
