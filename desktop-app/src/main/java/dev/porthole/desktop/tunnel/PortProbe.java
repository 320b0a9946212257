package dev.porthole.desktop.tunnel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Tells whether something accepts connections on a local port, so the editor can warn before a 502. */
public interface PortProbe {

    CompletableFuture<Boolean> isListening(String host, int port);

    /** A TCP connect with a short timeout, on {@code executor}. */
    static PortProbe tcp(Executor executor) {
        return (host, port) -> CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        }, executor);
    }
}
