package dev.porthole.desktop.backend;

import java.net.URI;

/** What an agent needs to reach a backend. The token is a secret: never log or show it. */
public record BackendEndpoint(URI websocketUrl, URI publicUrl, String token) {
    @Override
    public String toString() {
        return "BackendEndpoint[" + websocketUrl + ", " + publicUrl + "]";
    }
}
