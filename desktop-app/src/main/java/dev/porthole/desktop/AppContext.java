package dev.porthole.desktop;

import dev.porthole.desktop.backend.BackendStore;
import dev.porthole.desktop.backend.BackendsViewModel;
import dev.porthole.desktop.control.AppControl;
import dev.porthole.desktop.control.ControlApi;
import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.event.EventBus;
import dev.porthole.desktop.har.HarReader;
import dev.porthole.desktop.har.HarWriter;
import dev.porthole.desktop.history.FileHistoryStore;
import dev.porthole.desktop.history.HistoryStore;
import dev.porthole.desktop.inspect.InspectorViewModel;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.log.RequestLogViewModel;
import dev.porthole.desktop.platform.DesktopActions;
import dev.porthole.desktop.platform.FileDialogs;
import dev.porthole.desktop.platform.PrivateFiles;
import dev.porthole.desktop.platform.UiExecutor;
import dev.porthole.desktop.settings.Settings;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.desktop.log.StatusClass;
import dev.porthole.desktop.tunnel.TunnelItemViewModel;
import dev.porthole.desktop.tunnel.TunnelListViewModel;
import dev.porthole.desktop.rules.CapturedRequests;
import dev.porthole.desktop.tunnel.TunnelStore;
import dev.porthole.desktop.tunnel.TunnelService;
import dev.porthole.desktop.replay.ReplayEngine;
import dev.porthole.desktop.replay.Replays;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Builds every view model from the services and the config directory, and closes what needs closing. */
public final class AppContext implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AppContext.class.getName());
    public static final String VERSION = versionOrDev();

    private final Path configDir;
    private final Services services;
    private final UiExecutor ui;
    private final DesktopActions desktop;
    private final FileDialogs files;
    private final EventBus bus = new EventBus();
    private final SettingsStore settings;
    private final HistoryStore history;
    private final RequestLogViewModel log;
    private final BackendsViewModel backends;
    private final TunnelListViewModel tunnels;
    private final InspectorViewModel inspector;
    private final TunnelStore tunnelStore;
    private final ReplayEngine replayEngine;
    private volatile ControlApi control;
    private final Replays replays;
    /** Where the inspector prepares bodies: one thread, so a quick succession of selections cannot pile up work. */
    private final java.util.concurrent.ExecutorService preparing = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("porthole-inspector").daemon().unstarted(r));

    public AppContext(Path configDir, SettingsStore settings, Services services, UiExecutor ui, DesktopActions desktop,
                      FileDialogs files, boolean keepHistory) {
        this.configDir = configDir;
        // what is in it is the person's traffic and secrets; a folder an older version made readable is closed
        PrivateFiles.restrictExisting(configDir);
        PrivateFiles.restrictExisting(configDir.resolve("secrets"));
        this.services = services;
        this.ui = ui;
        this.desktop = desktop;
        this.files = files;
        this.settings = settings;
        int limit = settings.get().historyLimit();
        this.history = keepHistory ? new FileHistoryStore(configDir, limit) : HistoryStore.NONE;
        this.log = new RequestLogViewModel(ui, history, limit, RequestLogViewModel.DEFAULT_MEMORY_BUDGET);
        keepFilterAcrossRestarts();
        this.backends = new BackendsViewModel(services.local(), services.deployments(), new BackendStore(configDir),
                settings, ui, desktop, bus);
        this.tunnelStore = new TunnelStore(configDir);
        TunnelService tunnelService = services.tunnels().apply(backends);
        this.tunnels = new TunnelListViewModel(tunnelStore, tunnelService, log, ui, desktop,
                services.probe(), services.clock(), backends.refs(), CapturedRequests.inLog(log.entries()), System::getenv);
        this.replayEngine = new ReplayEngine(key -> tunnels.find(key).map(TunnelItemViewModel::config), ReplayEngine.DEFAULT_TIMEOUT);
        this.replays = new Replays(replayEngine, log);
        this.inspector = new InspectorViewModel(log, replays, desktop, files, ui, preparing, bus, this::localTarget,
                ZoneId.systemDefault());
        // the inspector shows what is selected in the log, however it was selected (a click, a key, a replay's result)
        log.selectedProperty().addListener((o, was, now) -> inspector.entryProperty().set(now));
    }

    /** The person's last filter comes back at start (a frequent complaint about other inspectors: filters are lost). */
    private void keepFilterAcrossRestarts() {
        Settings.SavedFilter saved = settings.get().logFilter();
        log.filterTextProperty().set(saved.text());
        log.methodProperty().set(saved.method());
        try {
            log.statusClassProperty().set(saved.statusClass() == null ? StatusClass.ALL : StatusClass.valueOf(saved.statusClass()));
        } catch (IllegalArgumentException unknown) {
            log.statusClassProperty().set(StatusClass.ALL);
        }
        javafx.beans.InvalidationListener save = o -> settings.update(s -> s.withLogFilter(new Settings.SavedFilter(
                log.filterTextProperty().get(), log.methodProperty().get(),
                log.statusClassProperty().get() == StatusClass.ALL ? null : log.statusClassProperty().get().name())));
        log.filterTextProperty().addListener(save);
        log.methodProperty().addListener(save);
        log.statusClassProperty().addListener(save);
    }

    /**
     * At launch: the saved history comes back, the embedded backend starts (so the first tunnel gets its URL at once,
     * not after the backend's start), and the tunnels that were running start again.
     */
    public void start() {
        restoreHistory();
        backends.startLocal();
        tunnels.startRemembered();
        startControlApi();
    }

    /** The local control API for scripts; the app works without it, so a failure to open it is only said. */
    private void startControlApi() {
        try {
            control = ControlApi.start(new AppControl(tunnels, log, replays, this::localTarget, ui), configDir);
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.log(Level.WARNING, "the control API did not start", e);
            bus.publish(AppEvent.Notify.warning("The control API for scripts could not start; everything else works. "
                    + "Restart Porthole to try again."));
        }
    }

    /** The control API while it runs (after {@link #start()}), else null. */
    public ControlApi controlApi() {
        return control;
    }

    /** Loads saved history off the UI thread, then shows it. */
    public CompletableFuture<Void> restoreHistory() {
        int limit = settings.get().historyLimit();
        return CompletableFuture.supplyAsync(() -> history.load(limit, RequestLogViewModel.DEFAULT_MEMORY_BUDGET))
                .thenAccept(saved -> ui.execute(() -> {
                    log.restore(saved);
                    tunnels.restoreCounts(saved);
                }));
    }

    /** Problems reading saved files at start, for the person to see once. */
    public List<String> startupProblems() {
        return java.util.stream.Stream.of(settings.problem(), tunnelStore.problem()).filter(java.util.Objects::nonNull).toList();
    }

    private URI localTarget(LogEntry entry) {
        return tunnels.find(entry.tunnelKey())
                .map(t -> URI.create("http://" + t.config().localTarget()))
                .orElse(null);
    }

    public void exportHar(List<LogEntry> entries, String what) {
        if (entries.isEmpty()) {
            bus.publish(AppEvent.Notify.warning("There is nothing to export: select requests first."));
            return;
        }
        String name = "porthole-" + java.time.LocalDateTime.now().withNano(0).toString().replace(':', '-') + ".har";
        files.saveHar(name).ifPresent(path -> {
            try {
                new HarWriter(VERSION).write(entries, path);
                bus.publish(AppEvent.Notify.success("Exported " + entries.size() + " " + (entries.size() == 1 ? "request" : "requests")
                        + " (" + what + ") to " + path.getFileName()));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "HAR export failed", e);
                bus.publish(AppEvent.Notify.error("Could not write " + path + ": " + e.getMessage()
                        + ". Choose a folder you can write to and try again."));
            }
        });
    }

    public void importHar() {
        files.openHar().ifPresent(path -> {
            try {
                List<LogEntry> entries = HarReader.read(path);
                entries.forEach(log::submit);
                log.flushAll();
                bus.publish(AppEvent.Notify.success("Imported " + entries.size() + " requests from " + path.getFileName()));
            } catch (HarReader.InvalidHar e) {
                bus.publish(AppEvent.Notify.error(e.getMessage()));
            }
        });
    }

    /** Each part closes even when one before it fails, so the history's last lines are always written. */
    @Override
    public void close() {
        closing("the control API", () -> {
            if (control != null) {
                control.close();
            }
        });
        closing("the tunnels", tunnels::shutdown);
        closing("replays", replayEngine::close);
        closing("body preparation", preparing::shutdownNow);
        closing("the request history", history::close);
        closing("the local backend", () -> services.local().close());
    }

    private static void closing(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + " did not stop cleanly", e);
        }
    }

    /**
     * Closes on a thread of its own and waits at most {@code limit}: the history's last lines are written first, and
     * what is still closing after that (tunnels saying goodbye, the embedded backend) ends with the process.
     *
     * @return whether everything closed in time
     */
    public boolean closeWithin(java.time.Duration limit) {
        Thread closing = Thread.ofPlatform().name("porthole-exit").daemon().start(this::close);
        try {
            closing.join(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !closing.isAlive();
    }

    private static String versionOrDev() {
        String v = AppContext.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public Path configDir() {
        return configDir;
    }

    public Services services() {
        return services;
    }

    public UiExecutor ui() {
        return ui;
    }

    public DesktopActions desktop() {
        return desktop;
    }

    public EventBus bus() {
        return bus;
    }

    public SettingsStore settings() {
        return settings;
    }

    public HistoryStore history() {
        return history;
    }

    public RequestLogViewModel log() {
        return log;
    }

    public BackendsViewModel backends() {
        return backends;
    }

    public FileDialogs files() {
        return files;
    }

    public TunnelListViewModel tunnels() {
        return tunnels;
    }

    public InspectorViewModel inspector() {
        return inspector;
    }

    public Replays replays() {
        return replays;
    }
}
