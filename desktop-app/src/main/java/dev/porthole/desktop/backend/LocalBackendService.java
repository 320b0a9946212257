package dev.porthole.desktop.backend;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** "This computer": the embedded backend, started when first needed. */
public interface LocalBackendService extends AutoCloseable {

    /** Starts it unless it runs; completes with its endpoint (or exceptionally with a message a person can act on). */
    CompletableFuture<BackendEndpoint> ensureStarted();

    /** Restarts it listening on the LAN (or loopback only); running tunnels reconnect by themselves. */
    CompletableFuture<BackendEndpoint> setLanAccess(boolean lan);

    State state();

    /** Every state change, on any thread. */
    void onState(Consumer<State> listener);

    @Override
    void close();

    sealed interface State {
        record NotStarted() implements State {
        }

        record Starting() implements State {
        }

        /** @param lan whether it listens on the LAN (its URLs then use the LAN address) */
        record Running(URI websocketUrl, URI publicUrl, URI healthUrl, boolean lan) implements State {
        }

        record Failed(String message) implements State {
        }
    }
}
