package dev.porthole.desktop.backend;

import dev.porthole.deploy.token.AgentToken;
import dev.porthole.desktop.platform.PrivateFiles;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import dev.porthole.local.lambda.RuntimeSettings;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * "This computer": the local backend running inside the app, started when first needed. Its tunnels and reserved
 * IDs live in {@code local-backend/} under the config directory, its agent token in {@code secrets/}, and it tries
 * the port it used last so URLs stay the same across restarts.
 */
public final class EmbeddedLocalBackend implements LocalBackendService {
    private static final System.Logger LOG = System.getLogger(EmbeddedLocalBackend.class.getName());
    private static final String TOKEN_ID = "local";
    /**
     * One person's tunnels: a browser opens six connections per host, and each public request holds an execution
     * environment for as long as its local service takes, so a few dozen are plenty. Environments are made only when
     * that many requests are in flight at once, and let go after a minute or two idle: each has its own SDK clients.
     */
    static final int CONCURRENCY = 32;
    static final Duration IDLE_ENVIRONMENTS_KEPT_MIN = Duration.ofMinutes(1);
    static final Duration IDLE_ENVIRONMENTS_KEPT_MAX = Duration.ofMinutes(2);

    private final Path configDir;
    private final SettingsStore settings;
    private final BackendStore secrets;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
            .name("porthole-local-backend").daemon().unstarted(r));
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private final boolean persistent;
    private volatile State state = new State.NotStarted();
    private LocalBackend backend;
    private BackendEndpoint endpoint;

    /** @param persistent keep tunnels and reserved IDs on disk (false: in memory, e.g. for a smoke test) */
    public EmbeddedLocalBackend(Path configDir, SettingsStore settings, boolean persistent) {
        this.configDir = configDir;
        this.settings = settings;
        this.secrets = new BackendStore(configDir);
        this.persistent = persistent;
    }

    @Override
    public CompletableFuture<BackendEndpoint> ensureStarted() {
        return CompletableFuture.supplyAsync(() -> {
            if (backend == null) {
                startNow(settings.get().lanAccess());
            }
            return endpoint;
        }, worker);
    }

    @Override
    public CompletableFuture<BackendEndpoint> setLanAccess(boolean lan) {
        return CompletableFuture.supplyAsync(() -> {
            stopNow();
            startNow(lan);
            return endpoint;
        }, worker);
    }

    private void startNow(boolean lan) {
        set(new State.Starting());
        String token = secrets.token(TOKEN_ID).orElseGet(() -> {
            String fresh = AgentToken.generate().value();
            secrets.saveToken(TOKEN_ID, fresh);
            return fresh;
        });
        LocalBackendOptions options = LocalBackendOptions.inMemory(token).withBindHost(lan ? "0.0.0.0" : "127.0.0.1")
                .withRuntime(RuntimeSettings.fast().withConcurrency(CONCURRENCY)
                        .withReclaimAfter(IDLE_ENVIRONMENTS_KEPT_MIN, IDLE_ENVIRONMENTS_KEPT_MAX));
        if (persistent) {
            Path data = configDir.resolve("local-backend");
            keepPrivate(data);
            options = options.withDataDirectory(data);
        }
        int preferred = settings.get().localBackendPort();
        try {
            try {
                backend = LocalBackend.start(options.withPort(preferred));
            } catch (BindException taken) {
                if (preferred == 0) {
                    throw taken;
                }
                LOG.log(Level.INFO, "port {0} is taken; the local backend takes another one (tunnel URLs change)", preferred);
                backend = LocalBackend.start(options.withPort(0));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the local backend did not start", e);
            String message = "This computer's backend could not start: " + (e.getMessage() == null ? e : e.getMessage())
                    + ". Restart Porthole; if it happens again, check that the folder " + configDir + " is writable.";
            set(new State.Failed(message));
            throw new IllegalStateException(message, e);
        }
        int port = backend.publicUrl().getPort();
        if (port != preferred) {
            settings.update(s -> s.withLocalBackendPort(port));
        }
        endpoint = new BackendEndpoint(backend.websocketUrl(), backend.publicUrl(), token);
        set(new State.Running(backend.websocketUrl(), backend.publicUrl(), backend.publicUrl().resolve("_porthole/health"), lan));
    }

    /**
     * The backend's database holds tunnels and kept requests. Its own files follow the umask; inside an owner-only
     * folder nobody else can reach them, and those already there are tightened too.
     */
    private static void keepPrivate(Path data) {
        try {
            PrivateFiles.createDirectories(data);
            PrivateFiles.restrictExisting(data);
            try (var files = java.nio.file.Files.walk(data)) {
                files.forEach(PrivateFiles::restrictExisting);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.log(Level.WARNING, "could not make " + data + " private", e);
        }
    }

    private void stopNow() {
        if (backend != null) {
            try {
                backend.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the local backend did not stop cleanly", e);
            }
            backend = null;
            endpoint = null;
            set(new State.NotStarted());
        }
    }

    private void set(State s) {
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

    /** The public URL while running (for tests). */
    public URI publicUrl() {
        return state instanceof State.Running r ? r.publicUrl() : null;
    }

    @Override
    public void close() {
        try {
            worker.submit(this::stopNow).get();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "the local backend did not stop cleanly", e);
        }
        worker.shutdown();
    }
}
