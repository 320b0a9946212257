package dev.porthole.desktop.tunnel;

import dev.porthole.desktop.backend.BackendRef;
import dev.porthole.desktop.log.ExchangeSink;
import dev.porthole.desktop.platform.DesktopActions;
import dev.porthole.desktop.platform.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
    private final ObservableList<TunnelItemViewModel> tunnels = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper online = new ReadOnlyIntegerWrapper();

    public TunnelListViewModel(TunnelStore store, TunnelService service, ExchangeSink log, UiExecutor ui,
                               DesktopActions desktop, PortProbe probe, Clock clock, ObservableList<BackendRef> backends) {
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
        TunnelItemViewModel item = new TunnelItemViewModel(config, service, log, ui, desktop, clock, changed -> save());
        item.lightProperty().addListener(o -> countOnline());
        return item;
    }

    public void refresh() {
        tunnels.forEach(TunnelItemViewModel::refresh);
    }

    private void countOnline() {
        online.set((int) tunnels.stream().filter(t -> t.lightProperty().get() == StatusWords.Light.ONLINE).count());
    }

    /** An editor for a new tunnel; {@link TunnelEditorViewModel#save()} adds it, and starts it if asked to. */
    public TunnelEditorViewModel newTunnel() {
        return new TunnelEditorViewModel(null, backends, probe, ui, saved -> {
            TunnelItemViewModel item = item(saved);
            tunnels.add(item);
            save();
            if (saved.autoStart()) {
                item.run();
            }
        });
    }

    /** An editor for an existing tunnel; saving restarts it if it was running. */
    public TunnelEditorViewModel edit(TunnelItemViewModel item) {
        return new TunnelEditorViewModel(item.config(), backends, probe, ui, saved -> {
            item.update(saved);
            save();
            item.restartIfRunning();
        });
    }

    public void remove(TunnelItemViewModel item) {
        item.stop();
        tunnels.remove(item);
        save();
        countOnline();
    }

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
