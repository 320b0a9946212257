package dev.porthole.desktop.settings;

import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.event.EventBus;
import dev.porthole.desktop.log.RequestLogViewModel;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.util.function.Consumer;

/** The Settings page: theme, how much history to keep, where the files are. */
public final class SettingsViewModel {
    private final SettingsStore store;
    private final RequestLogViewModel log;
    private final EventBus bus;
    private final Path configDir;
    private final ObjectProperty<Settings.Theme> theme = new SimpleObjectProperty<>();
    private final StringProperty historyLimit = new SimpleStringProperty();
    private final ReadOnlyStringWrapper historyError = new ReadOnlyStringWrapper("");

    public SettingsViewModel(SettingsStore store, RequestLogViewModel log, EventBus bus, Path configDir,
                             Consumer<Settings.Theme> applyTheme) {
        this.store = store;
        this.log = log;
        this.bus = bus;
        this.configDir = configDir;
        theme.set(store.get().theme());
        historyLimit.set(Integer.toString(store.get().historyLimit()));
        theme.addListener((o, was, now) -> {
            if (now != null) {
                store.update(s -> s.withTheme(now));
                applyTheme.accept(now);
            }
        });
    }

    /** Applies the typed history size, or explains why it cannot. */
    public boolean applyHistoryLimit() {
        try {
            int n = Integer.parseInt(historyLimit.get().strip().replace(",", "").replace("_", ""));
            if (n < Settings.MIN_HISTORY_LIMIT || n > Settings.MAX_HISTORY_LIMIT) {
                historyError.set(String.format("Keep between %,d and %,d requests.", Settings.MIN_HISTORY_LIMIT, Settings.MAX_HISTORY_LIMIT));
                return false;
            }
            historyError.set("");
            store.update(s -> s.withHistoryLimit(n));
            log.limit(n);
            bus.publish(AppEvent.Notify.success(String.format("The log now keeps the last %,d requests.", n)));
            return true;
        } catch (NumberFormatException e) {
            historyError.set("Enter a number of requests, for example 10000.");
            return false;
        }
    }

    public void clearHistory() {
        log.clear();
        bus.publish(AppEvent.Notify.success("Request history cleared."));
    }

    public Path configDir() {
        return configDir;
    }

    public ObjectProperty<Settings.Theme> themeProperty() {
        return theme;
    }

    public StringProperty historyLimitProperty() {
        return historyLimit;
    }

    public ReadOnlyStringProperty historyErrorProperty() {
        return historyError.getReadOnlyProperty();
    }
}
