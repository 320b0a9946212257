package dev.porthole.desktop.backend;

import java.util.concurrent.CompletableFuture;

/** Finds how to reach a backend by its id; the local one is started on the way if needed. */
public interface BackendDirectory {

    CompletableFuture<BackendEndpoint> endpoint(String backendId);
}
