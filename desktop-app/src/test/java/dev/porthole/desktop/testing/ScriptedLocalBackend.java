package dev.porthole.desktop.testing;

import dev.porthole.desktop.backend.BackendEndpoint;
import dev.porthole.desktop.backend.LocalBackendService;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** "This computer" for view tests that do not start the real embedded backend. */
public final class ScriptedLocalBackend implements LocalBackendService {
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = new State.NotStarted();
    public volatile boolean lan;

    @Override
    public CompletableFuture<BackendEndpoint> ensureStarted() {
        String host = lan ? "192.168.1.23" : "127.0.0.1";
        set(new State.Running(URI.create("ws://" + host + ":8123/_porthole/ws/local"), URI.create("http://" + host + ":8123/"),
                URI.create("http://" + host + ":8123/_porthole/health"), lan));
        return CompletableFuture.completedFuture(new BackendEndpoint(URI.create("ws://" + host + ":8123/_porthole/ws/local"),
                URI.create("http://" + host + ":8123/"), "token"));
    }

    @Override
    public CompletableFuture<BackendEndpoint> setLanAccess(boolean lan) {
        this.lan = lan;
        return ensureStarted();
    }

    public void set(State s) {
        state = s;
        listeners.forEach(l -> l.accept(s));
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public void onState(Consumer<State> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
    }
}
