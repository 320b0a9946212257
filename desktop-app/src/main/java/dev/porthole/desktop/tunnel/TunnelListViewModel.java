package dev.porthole.desktop.tunnel;

import dev.porthole.desktop.backend.BackendRef;
import dev.porthole.desktop.log.ExchangeSink;
import dev.porthole.desktop.platform.DesktopActions;
import dev.porthole.desktop.platform.UiExecutor;
import dev.porthole.desktop.rules.CapturedRequests;
import dev.porthole.desktop.rules.RulesViewModel;
import dev.porthole.desktop.rules.TunnelRules;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The tunnel list: add, edit, remove, start and stop tunnels; every change is saved at once. */
public final class TunnelListViewModel {
    private final TunnelStore store;
    private final TunnelService service;
    private final ExchangeSink log;
    private final UiExecutor ui;
    private final DesktopActions desktop;
    private final PortProbe probe;
    private final Clock clock;
    private final ObservableList<BackendRef> backends;
    private final CapturedRequests captured;
    private final Function<String, String> environment;
    private final ObservableList<TunnelItemViewModel> tunnels = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper online = new ReadOnlyIntegerWrapper();

    /**
     * @param captured    each tunnel's captured requests, for the live check of its rules
     * @param environment where a policy file's {@code secret: {env: NAME}} comes from
     */
    public TunnelListViewModel(TunnelStore store, TunnelService service, ExchangeSink log, UiExecutor ui,
                               DesktopActions desktop, PortProbe probe, Clock clock, ObservableList<BackendRef> backends,
                               CapturedRequests captured, Function<String, String> environment) {
        this.captured = captured;
        this.environment = environment;
        this.store = store;
        this.service = service;
        this.log = log;
        this.ui = ui;
        this.desktop = desktop;
        this.probe = probe;
        this.clock = clock;
        this.backends = backends;
        store.load().forEach(c -> tunnels.add(item(c)));
        ui.every(Duration.ofSeconds(1), this::refresh);
    }

    private TunnelItemViewModel item(TunnelConfig config) {
        TunnelItemViewModel item = new TunnelItemViewModel(config, service, log, ui, desktop, clock, probe,
                this::sameIdInUseBy, changed -> save());
        item.lightProperty().addListener(o -> countOnline());
        return item;
    }

    public void refresh() {
        tunnels.forEach(TunnelItemViewModel::refresh);
    }

    /** Another of the person's tunnels that runs on the same backend with the tunnel ID {@code item} asks for. */
    private Optional<String> sameIdInUseBy(TunnelItemViewModel item) {
        String id = item.config().requestedTunnelId();
        return id == null ? Optional.empty() : tunnels.stream()
                .filter(t -> t != item && t.runningProperty().get() && t.config().backendId().equals(item.config().backendId())
                        && (id.equals(t.config().requestedTunnelId())
                        || (t.statusProperty().get() instanceof dev.porthole.agent.TunnelStatus.Online o && id.equals(o.tunnelId()))))
                .map(t -> t.config().name()).findFirst();
    }

    /**
     * After the history came back at start: each tunnel counts the requests it kept (replays aside), so the counters
     * go on from where they were instead of starting at 0.
     */
    public void restoreCounts(List<dev.porthole.desktop.log.LogEntry> restored) {
        java.util.Map<String, long[]> counts = new java.util.HashMap<>();
        java.util.Map<String, java.time.Instant> last = new java.util.HashMap<>();
        for (var e : restored) {
            if (e.isReplay() || e.tunnelKey() == null) {
                continue;
            }
            counts.computeIfAbsent(e.tunnelKey(), k -> new long[1])[0]++;
            last.merge(e.tunnelKey(), e.time(), (a, b) -> a.isAfter(b) ? a : b);
        }
        tunnels.forEach(t -> {
            long[] n = counts.get(t.config().key());
            if (n != null) {
                t.restoreCount(n[0], last.get(t.config().key()));
            }
        });
    }

    private void countOnline() {
        online.set((int) tunnels.stream().filter(t -> t.lightProperty().get() == StatusWords.Light.ONLINE).count());
    }

    /** An editor for a new tunnel; {@link TunnelEditorViewModel#save()} adds it, and starts it if asked to. */
    public TunnelEditorViewModel newTunnel() {
        RulesViewModel rules = new RulesViewModel(TunnelRules.NONE, false, List.of(), null, clock, environment);
        return new TunnelEditorViewModel(null, backends, probe, ui, this::configs, rules, saved -> {
            TunnelItemViewModel item = item(saved);
            tunnels.add(item);
            save();
            if (saved.autoStart()) {
                item.run();
            }
        });
    }

    /** An editor for an existing tunnel; saving restarts it if it was running (so new rules reach the backend). */
    public TunnelEditorViewModel edit(TunnelItemViewModel item) {
        TunnelConfig c = item.config();
        String tunnelId = item.statusProperty().get() instanceof dev.porthole.agent.TunnelStatus.Online o ? o.tunnelId()
                : c.requestedTunnelId();
        RulesViewModel rules = new RulesViewModel(c.rules(), item.runningProperty().get(), captured.of(c.key()), tunnelId,
                clock, environment);
        return new TunnelEditorViewModel(c, backends, probe, ui, this::configs, rules, saved -> {
            item.update(saved);
            save();
            item.restartIfRunning();
        });
    }

    /**
     * Deletes a tunnel (stopping it if it runs), and keeps what is needed to bring it back with {@link #undoRemove()}
     * until the next deletion: a Delete key pressed once too often must not cost a tunnel and its URL.
     */
    public void remove(TunnelItemViewModel item) {
        int index = tunnels.indexOf(item);
        if (index < 0) {
            return;
        }
        boolean wasRunning = item.runningProperty().get();
        item.halt();
        tunnels.remove(item);
        lastRemoved = new Removed(item, index, wasRunning);
        save();
        countOnline();
    }

    /** Brings the last deleted tunnel back where it was, running again if it ran; false when there is nothing to undo. */
    public boolean undoRemove() {
        Removed r = lastRemoved;
        lastRemoved = null;
        if (r == null || tunnels.contains(r.item())) {
            return false;
        }
        tunnels.add(Math.min(r.index(), tunnels.size()), r.item());
        save();
        if (r.wasRunning()) {
            r.item().run();
        }
        countOnline();
        return true;
    }

    private record Removed(TunnelItemViewModel item, int index, boolean wasRunning) {
    }

    private Removed lastRemoved;

    public void startAll() {
        tunnels.forEach(TunnelItemViewModel::start);
    }

    public void stopAll() {
        tunnels.forEach(TunnelItemViewModel::stop);
    }

    /** At start: the tunnels that were running when the app closed run again. */
    public void startRemembered() {
        tunnels.stream().filter(t -> t.config().autoStart()).forEach(TunnelItemViewModel::run);
    }

    /** At exit: stops every tunnel, remembering which were running. */
    public void shutdown() {
        tunnels.forEach(TunnelItemViewModel::halt);
    }

    public void move(TunnelItemViewModel item, int newIndex) {
        if (tunnels.remove(item)) {
            tunnels.add(Math.clamp(newIndex, 0, tunnels.size()), item);
            save();
        }
    }

    public Optional<TunnelItemViewModel> find(String key) {
        return tunnels.stream().filter(t -> t.config().key().equals(key)).findFirst();
    }

    private void save() {
        store.save(tunnels.stream().map(TunnelItemViewModel::config).toList());
    }

    public ObservableList<TunnelItemViewModel> tunnels() {
        return tunnels;
    }

    public List<TunnelConfig> configs() {
        return tunnels.stream().map(TunnelItemViewModel::config).toList();
    }

    public ReadOnlyIntegerProperty onlineCountProperty() {
        return online.getReadOnlyProperty();
    }

    public javafx.beans.binding.BooleanBinding emptyBinding() {
        return Bindings.isEmpty(tunnels);
    }

    public ObservableList<BackendRef> backends() {
        return backends;
    }
}
