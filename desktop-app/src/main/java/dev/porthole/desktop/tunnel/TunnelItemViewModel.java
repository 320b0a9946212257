package dev.porthole.desktop.tunnel;

import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.forward.ErrorPages;
import dev.porthole.desktop.log.ExchangeSink;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.platform.DesktopActions;
import dev.porthole.desktop.platform.UiExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One tunnel in the list: its configuration, its live status and counters, and the start/stop/copy/open commands.
 * Exchanges arrive on agent threads and only bump atomic counters; {@link #refresh()} (every second, on the UI
 * thread) turns them into properties, so a burst of requests never floods the UI thread.
 */
public final class TunnelItemViewModel {
    private final TunnelService service;
    private final ExchangeSink log;
    private final UiExecutor ui;
    private final DesktopActions desktop;
    private final Clock clock;
    private final Consumer<TunnelItemViewModel> onChanged;

    private final ReadOnlyObjectWrapper<TunnelConfig> config = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TunnelStatus> status = new ReadOnlyObjectWrapper<>(new TunnelStatus.Stopped());
    private final ReadOnlyObjectWrapper<StatusWords.Light> light = new ReadOnlyObjectWrapper<>(StatusWords.Light.OFF);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("Stopped");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<URI> publicUrl = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyLongWrapper requestCount = new ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper lastActivity = new ReadOnlyStringWrapper("No requests yet");
    private final ReadOnlyStringWrapper localWarning = new ReadOnlyStringWrapper("");
    private final PortProbe probe;
    private final Function<TunnelItemViewModel, Optional<String>> sameIdInUseBy;
    private int ticks;
    private boolean probing;

    private final AtomicLong counter = new AtomicLong();
    private final AtomicReference<Instant> lastExchangeAt = new AtomicReference<>();
    private volatile URI currentPublicUrl;
    private TunnelService.Running handle;
    private long generation;

    /**
     * @param probe         checks, while the tunnel runs, that something listens on its local port
     * @param sameIdInUseBy the name of another of the person's tunnels running with this one's tunnel ID, if any
     */
    TunnelItemViewModel(TunnelConfig config, TunnelService service, ExchangeSink log, UiExecutor ui,
                        DesktopActions desktop, Clock clock, PortProbe probe,
                        Function<TunnelItemViewModel, Optional<String>> sameIdInUseBy, Consumer<TunnelItemViewModel> onChanged) {
        this.service = service;
        this.probe = probe;
        this.sameIdInUseBy = sameIdInUseBy;
        this.log = log;
        this.ui = ui;
        this.desktop = desktop;
        this.clock = clock;
        this.onChanged = onChanged;
        this.config.set(config);
    }

    /** The person starts it: it also starts by itself at the app's next start. */
    public void start() {
        remember(true);
        run();
    }

    private void remember(boolean autoStart) {
        if (config.get().autoStart() != autoStart) {
            config.set(config.get().withAutoStart(autoStart));
            onChanged.accept(this);
        }
    }

    /** Starts without changing what the app does at its next start (start-up, restarts after edits). */
    void run() {
        if (handle != null) {
            return;
        }
        long myGeneration = ++generation;
        running.set(true);
        show(new TunnelStatus.Connecting());
        TunnelConfig started = config.get();
        handle = service.start(started, new TunnelService.Listener() {
            @Override
            public void status(TunnelStatus s) {
                if (s instanceof TunnelStatus.Online online) {
                    currentPublicUrl = online.publicUrl();
                }
                ui.execute(() -> {
                    if (myGeneration == generation) {
                        show(s);
                    }
                });
            }

            @Override
            public void exchange(Exchange exchange) {
                if (exchange.isReplay()) {
                    return; // the replay editor logs replays itself, linked to their original
                }
                counter.incrementAndGet();
                lastExchangeAt.set(clock.instant());
                if (exchange.response() != null && exchange.response().headers().first(ErrorPages.ERROR_HEADER)
                        .filter("local-refused"::equals).isPresent()) {
                    ui.execute(() -> {
                        if (myGeneration == generation) {
                            localWarning.set(nothingListening());
                        }
                    });
                }
                TunnelConfig c = config.get();
                log.submit(LogEntry.of(c.key(), c.name(), currentPublicUrl, exchange, null));
            }
        });
    }

    /** The person stops it: it stays stopped at the app's next start. */
    public void stop() {
        remember(false);
        if (handle != null) {
            halt();
            running.set(false);
            show(new TunnelStatus.Stopped());
            localWarning.set("");
        }
    }

    /**
     * Stops without changing what the app does at its next start (app exit). It runs on the exit thread while the
     * window may still be up, so it leaves the properties the window binds to as they are (changing them off the UI
     * thread threw, and the rest of the exit — the history's last lines — was skipped); later news from the stopped
     * tunnel is ignored.
     */
    void halt() {
        if (handle == null) {
            return;
        }
        TunnelService.Running stopping = handle;
        handle = null;
        generation++;
        stopping.stop();
    }

    public void toggle() {
        if (handle == null) {
            start();
        } else {
            stop();
        }
    }

    /** Restarts with the current configuration if it was running (after an edit). */
    void restartIfRunning() {
        if (handle != null) {
            halt();
            run();
        }
    }

    public void copyUrl() {
        URI url = publicUrl.get();
        if (url != null) {
            desktop.copyToClipboard(url.toString());
        }
    }

    public void openUrl() {
        URI url = publicUrl.get();
        if (url != null) {
            desktop.openInBrowser(url);
        }
    }

    private void show(TunnelStatus s) {
        if (s instanceof TunnelStatus.Failed failed && rememberedIdRefused(failed)) {
            // The ID kept from last time is someone else's now (or no longer valid): the person never chose it,
            // so get a new one rather than fail; the URL changes, which the list shows.
            config.set(config.get().withLastTunnelId(null));
            onChanged.accept(this);
            TunnelService.Running old = handle;
            handle = null;
            generation++;
            if (old != null) {
                old.stop();
            }
            run();
            return;
        }
        status.set(s);
        light.set(StatusWords.light(s));
        detail.set(StatusWords.detail(s));
        headline.set(StatusWords.headline(s, clock.instant()));
        if (s instanceof TunnelStatus.Failed f && f.reason() == dev.porthole.agent.FailureReason.TUNNEL_ID_TAKEN) {
            // "another agent" is the wrong culprit when it is one of the person's own tunnels
            sameIdInUseBy.apply(this).ifPresent(other -> {
                headline.set("Failed: ID used by “" + other + "”");
                detail.set("Your tunnel “" + other + "” is using the tunnel ID " + config.get().requestedTunnelId()
                        + " on this backend. Next step: stop it, or edit this tunnel and choose another ID.");
            });
        }
        if (s instanceof TunnelStatus.Online) {
            checkLocalService();
        } else if (!(s instanceof TunnelStatus.Reconnecting)) {
            localWarning.set("");
        }
        if (s instanceof TunnelStatus.Online online) {
            publicUrl.set(online.publicUrl());
            if (!online.tunnelId().equals(config.get().lastTunnelId())) {
                config.set(config.get().withLastTunnelId(online.tunnelId()));
                onChanged.accept(this);
            }
        } else if (s instanceof TunnelStatus.Stopped || s instanceof TunnelStatus.Failed) {
            publicUrl.set(null);
            currentPublicUrl = null;
            if (s instanceof TunnelStatus.Failed && handle != null) {
                // the agent gave up; the person starts it again after fixing the cause
                handle = null;
                running.set(false);
            }
        }
    }

    private boolean rememberedIdRefused(TunnelStatus.Failed failed) {
        TunnelConfig c = config.get();
        return handle != null && c.reservedId() == null && c.lastTunnelId() != null
                && (failed.reason() == dev.porthole.agent.FailureReason.TUNNEL_ID_TAKEN
                || failed.reason() == dev.porthole.agent.FailureReason.INVALID_TUNNEL_ID);
    }

    /** How often (in refreshes, one a second) a running tunnel checks that something listens on its local port. */
    static final int LOCAL_CHECK_EVERY = 5;

    /**
     * Whether the local service is there: a tunnel is "online" as soon as the backend says so, yet every caller gets a
     * 502 while nothing listens on the local port, and the row says that.
     */
    private void checkLocalService() {
        if (probing || handle == null) {
            return;
        }
        probing = true;
        long myGeneration = generation;
        TunnelConfig c = config.get();
        probe.isListening(c.localHost(), c.localPort()).whenComplete((listening, e) -> ui.execute(() -> {
            probing = false;
            if (myGeneration == generation && handle != null) {
                localWarning.set(Boolean.TRUE.equals(listening) ? "" : nothingListening());
            }
        }));
    }

    private String nothingListening() {
        return "Nothing is listening on " + config.get().localTarget() + ": callers get a 502. Start your server there.";
    }

    /** Adds what the history kept from earlier runs, so the count does not start again at 0 after a restart. */
    void restoreCount(long requests, Instant last) {
        counter.addAndGet(requests);
        lastExchangeAt.accumulateAndGet(last, (a, b) -> a == null || (b != null && b.isAfter(a)) ? b : a);
        refresh();
    }

    /** UI thread, every second: counters, "last activity", the reconnect countdown and the local service check. */
    public void refresh() {
        if (handle != null && ++ticks % LOCAL_CHECK_EVERY == 0) {
            checkLocalService();
        }
        requestCount.set(counter.get());
        Instant last = lastExchangeAt.get();
        lastActivity.set(last == null ? "No requests yet" : ago(Duration.between(last, clock.instant())));
        if (status.get() instanceof TunnelStatus.Reconnecting) {
            headline.set(StatusWords.headline(status.get(), clock.instant()));
        }
    }

    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 5) {
            return "Just now";
        }
        if (s < 60) {
            return s + " s ago";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 86_400) {
            return s / 3600 + " h ago";
        }
        return s / 86_400 + " d ago";
    }

    void update(TunnelConfig edited) {
        config.set(edited);
    }

    public TunnelConfig config() {
        return config.get();
    }

    public ReadOnlyObjectProperty<TunnelConfig> configProperty() {
        return config.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TunnelStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<StatusWords.Light> lightProperty() {
        return light.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<URI> publicUrlProperty() {
        return publicUrl.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty requestCountProperty() {
        return requestCount.getReadOnlyProperty();
    }

    /** Set while the tunnel runs but nothing listens on its local port (what to do about it, in words); else empty. */
    public ReadOnlyStringProperty localWarningProperty() {
        return localWarning.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastActivityProperty() {
        return lastActivity.getReadOnlyProperty();
    }
}
