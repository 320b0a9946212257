package dev.porthole.desktop.backend;

import dev.porthole.desktop.deploy.DeployViewModel;
import dev.porthole.desktop.deploy.DeploymentService;
import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.event.EventBus;
import dev.porthole.desktop.platform.DesktopActions;
import dev.porthole.desktop.platform.UiExecutor;
import dev.porthole.desktop.settings.SettingsStore;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The Backends page: "This computer" (start, URLs, LAN opt-in) and the AWS backends (deploy, update, remove,
 * health). Also the {@link BackendDirectory} tunnels use to find their backend.
 */
public final class BackendsViewModel implements BackendDirectory {
    private final LocalBackendService local;
    private final DeploymentService deployments;
    private final BackendStore store;
    private final SettingsStore settings;
    private final UiExecutor ui;
    private final DesktopActions desktop;
    private final EventBus bus;

    private final ReadOnlyObjectWrapper<LocalBackendService.State> localState = new ReadOnlyObjectWrapper<>();
    private final BooleanProperty lanAccess = new SimpleBooleanProperty();
    private final ObservableList<AwsBackend> aws = FXCollections.observableArrayList();
    private final ObservableList<BackendRef> refs = FXCollections.observableArrayList();
    private final ObservableMap<String, String> health = FXCollections.observableHashMap();

    public BackendsViewModel(LocalBackendService local, DeploymentService deployments, BackendStore store,
                             SettingsStore settings, UiExecutor ui, DesktopActions desktop, EventBus bus) {
        this.local = local;
        this.deployments = deployments;
        this.store = store;
        this.settings = settings;
        this.ui = ui;
        this.desktop = desktop;
        this.bus = bus;
        localState.set(local.state());
        local.onState(s -> ui.execute(() -> localState.set(s)));
        lanAccess.set(settings.get().lanAccess());
        aws.setAll(store.load());
        refreshRefs();
        lanAccess.addListener((o, was, now) -> {
            settings.update(s -> s.withLanAccess(now));
            if (!(localState.get() instanceof LocalBackendService.State.NotStarted)) {
                local.setLanAccess(now).whenComplete((endpoint, e) -> ui.execute(() -> {
                    if (e != null) {
                        bus.publish(AppEvent.Notify.error(message(e)));
                    } else {
                        bus.publish(AppEvent.Notify.success(now ? "This computer now listens on your network: "
                                + endpoint.publicUrl() : "This computer now listens on this computer only."));
                    }
                }));
            }
        });
    }

    private void refreshRefs() {
        refs.setAll(BackendRef.LOCAL);
        aws.forEach(b -> refs.add(b.ref()));
    }

    @Override
    public CompletableFuture<BackendEndpoint> endpoint(String backendId) {
        if (BackendRef.LOCAL_ID.equals(backendId)) {
            return local.ensureStarted();
        }
        AwsBackend backend = aws.stream().filter(b -> b.id().equals(backendId)).findFirst().orElse(null);
        if (backend == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "This tunnel's backend was removed. Edit the tunnel and choose another backend."));
        }
        return deployments.token(backend)
                .map(token -> CompletableFuture.completedFuture(new BackendEndpoint(backend.websocketUrl(), backend.publicUrl(), token)))
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException(
                        "The token for " + backend.stackName() + " is missing on this computer. Update the backend from the Backends page to set a new one.")));
    }

    public void startLocal() {
        local.ensureStarted().whenComplete((endpoint, e) -> {
            if (e != null) {
                ui.execute(() -> bus.publish(AppEvent.Notify.error(message(e))));
            }
        });
    }

    static String message(Throwable e) {
        Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    public DeployViewModel deploy() {
        return new DeployViewModel(deployments, ui, desktop, DeployViewModel.Mode.DEPLOY, null, this::saved, this::removed);
    }

    public DeployViewModel update(AwsBackend backend) {
        return new DeployViewModel(deployments, ui, desktop, DeployViewModel.Mode.UPDATE, backend, this::saved, this::removed);
    }

    public DeployViewModel remove(AwsBackend backend) {
        return new DeployViewModel(deployments, ui, desktop, DeployViewModel.Mode.REMOVE, backend, this::saved, this::removed);
    }

    private void saved(AwsBackend backend) {
        aws.removeIf(b -> b.id().equals(backend.id()));
        aws.add(backend);
        store.save(aws);
        refreshRefs();
        bus.publish(new AppEvent.BackendChanged(backend.id(), backend.publicUrl()));
    }

    private void removed(AwsBackend backend) {
        aws.removeIf(b -> b.id().equals(backend.id()));
        store.save(aws);
        refreshRefs();
    }

    public void checkHealth(AwsBackend backend) {
        health.put(backend.id(), "Checking…");
        deployments.health(backend).thenAccept(h -> ui.execute(() ->
                health.put(backend.id(), (h.healthy() ? "Healthy: " : "Not healthy: ") + h.message())));
    }

    /** Whether a backend runs an older template than this app ships. */
    public boolean outdated(AwsBackend backend) {
        String app = deployments.appTemplateVersion();
        return app != null && !app.equals(backend.templateVersion());
    }

    public void copy(URI uri) {
        if (uri != null) {
            copy(uri.toString());
        }
    }

    public void copy(String text) {
        if (text != null && !text.isEmpty()) {
            desktop.copyToClipboard(text);
            bus.publish(AppEvent.Notify.success("Copied " + text));
        }
    }

    public ReadOnlyObjectProperty<LocalBackendService.State> localStateProperty() {
        return localState.getReadOnlyProperty();
    }

    public BooleanProperty lanAccessProperty() {
        return lanAccess;
    }

    public ObservableList<AwsBackend> aws() {
        return aws;
    }

    /** Every backend a tunnel can use, "This computer" first. */
    public ObservableList<BackendRef> refs() {
        return refs;
    }

    public ObservableMap<String, String> health() {
        return health;
    }

    public String appTemplateVersion() {
        return deployments.appTemplateVersion();
    }
}
