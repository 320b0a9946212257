package dev.porthole.desktop.deploy;

import dev.porthole.desktop.backend.AwsBackend;
import dev.porthole.desktop.platform.DesktopActions;
import dev.porthole.desktop.platform.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The deploy dialog (also used to update and remove): the form, then live progress from the stack events, then the
 * URLs — or what went wrong and what to do next.
 */
public final class DeployViewModel {
    /** The deployer's rule for stack names: CloudFormation's, short enough that the function's name fits Lambda's. */
    static final Pattern STACK_NAME = dev.porthole.deploy.DeployRequest.STACK_NAME;

    public enum Mode { DEPLOY, UPDATE, REMOVE }

    private final DeploymentService service;
    private final UiExecutor ui;
    private final Mode mode;
    private final AwsBackend existing;
    private final Consumer<AwsBackend> onDeployed;
    private final Consumer<AwsBackend> onRemoved;

    private final ObservableList<AwsCredentials> credentials = FXCollections.observableArrayList();
    private final ObservableList<String> regions = FXCollections.observableArrayList();
    private final ObjectProperty<AwsCredentials> profile = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper();
    private final DesktopActions desktop;
    private final StringProperty region = new SimpleStringProperty();
    private final StringProperty stackName = new SimpleStringProperty("porthole");
    private final ReadOnlyStringWrapper stackNameError = new ReadOnlyStringWrapper("");
    private final StringProperty domainName = new SimpleStringProperty("");
    private final StringProperty certificateArn = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper domainNameError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper certificateArnError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper step = new ReadOnlyStringWrapper("");
    private final ObservableList<DeployProgress> events = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<AwsBackend> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper nextStep = new ReadOnlyStringWrapper("");
    private final BooleanBinding canStart;

    public DeployViewModel(DeploymentService service, UiExecutor ui, DesktopActions desktop, Mode mode, AwsBackend existing,
                           Consumer<AwsBackend> onDeployed, Consumer<AwsBackend> onRemoved) {
        this.service = service;
        this.desktop = desktop;
        this.ui = ui;
        this.mode = mode;
        this.existing = existing;
        this.onDeployed = onDeployed;
        this.onRemoved = onRemoved;
        regions.setAll(service.regions());
        // a new choice of credentials brings the Region its profile (or AWS_REGION) names
        profile.addListener((o, was, now) -> {
            if (mode == Mode.DEPLOY && now != null && now.region() != null) {
                region.set(now.region());
            }
        });
        if (existing != null) {
            credentials.setAll(service.credentials());
            profile.set(existing.profile() == null ? credentials.stream().filter(AwsCredentials::fromEnvironment).findFirst()
                    .orElse(new AwsCredentials(null, existing.region())) : credentials.stream()
                    .filter(c -> existing.profile().equals(c.profile())).findFirst()
                    .orElse(AwsCredentials.profile(existing.profile(), existing.region())));
            region.set(existing.region());
            stackName.set(existing.stackName());
            domainName.set(existing.domainName() == null ? "" : existing.domainName());
        } else {
            region.set(regions.contains("us-east-1") ? "us-east-1" : regions.isEmpty() ? null : regions.getFirst());
            refresh();
        }
        stackName.addListener(o -> validate());
        domainName.addListener(o -> validateDomain());
        certificateArn.addListener(o -> validateDomain());
        region.addListener(o -> validateDomain());
        validate();
        validateDomain();
        canStart = Bindings.createBooleanBinding(() -> !running.get() && !finished.get() && stackNameError.get().isEmpty()
                        && domainNameError.get().isEmpty() && certificateArnError.get().isEmpty()
                        && profile.get() != null && region.get() != null && !region.get().isBlank(),
                running, finished, stackNameError, domainNameError, certificateArnError, profile, region);
    }

    /**
     * Reads the credentials again (after {@code aws configure}, or an export in the shell that started the app) and
     * keeps the choice when it is still there; otherwise AWS_PROFILE's profile, then "default", then the first.
     */
    public void refresh() {
        AwsCredentials chosen = profile.get();
        credentials.setAll(service.credentials());
        String wanted = System.getenv("AWS_PROFILE");
        profile.set(credentials.stream().filter(c -> c.equals(chosen)).findFirst()
                .or(() -> credentials.stream().filter(c -> wanted != null && wanted.equals(c.profile())).findFirst())
                .or(() -> credentials.stream().filter(c -> "default".equals(c.profile())).findFirst())
                .or(() -> credentials.stream().findFirst())
                .orElse(null));
    }

    /** Where {@code docs/deploying.md} says which permissions the deployment needs. */
    public void showPermissions() {
        DeployGuide.open(desktop);
    }

    private void validate() {
        String name = stackName.get() == null ? "" : stackName.get().strip();
        stackNameError.set(STACK_NAME.matcher(name).matches() ? ""
                : name.isEmpty() ? "Give the stack a name, for example porthole."
                : "A stack name starts with a letter and has only letters, digits and dashes (at most 55).");
    }

    /** Only a new deployment sets the domain; an update keeps what the stack has. */
    private void validateDomain() {
        CustomDomain.Problems problems = mode == Mode.DEPLOY ? customDomain().problems(region.get())
                : new CustomDomain.Problems("", "");
        domainNameError.set(problems.domainName());
        certificateArnError.set(problems.certificateArn());
    }

    private CustomDomain customDomain() {
        return new CustomDomain(domainName.get(), certificateArn.get());
    }

    /** Starts the deployment, update or removal; returns null if the form is not complete. */
    public CompletableFuture<?> start() {
        if (!canStart.get()) {
            return null;
        }
        if (mode == Mode.DEPLOY) {
            domainName.set(customDomain().domainName()); // shown as it is deployed: lowercase
        }
        running.set(true);
        failed.set(false);
        error.set("");
        nextStep.set("");
        events.clear();
        progress.set(0);
        step.set(switch (mode) {
            case DEPLOY -> "Starting the deployment…";
            case UPDATE -> "Starting the update…";
            case REMOVE -> "Removing the stack…";
        });
        Consumer<DeployProgress> onProgress = p -> ui.execute(() -> {
            events.add(p);
            progress.set(Math.max(progress.get(), p.percent() / 100.0));
            step.set(p.resource() + ": " + p.status().replace('_', ' ').toLowerCase(java.util.Locale.ROOT));
        });
        CompletableFuture<?> work = switch (mode) {
            case DEPLOY -> service.deploy(profile.get().profile(), region.get(), stackName.get().strip(), customDomain(), onProgress)
                    .thenAccept(b -> ui.execute(() -> done(b)));
            case UPDATE -> service.update(existing, onProgress).thenAccept(b -> ui.execute(() -> done(b)));
            case REMOVE -> service.remove(existing, onProgress).thenRun(() -> ui.execute(() -> {
                finish("The stack and everything in it were removed.");
                onRemoved.accept(existing);
            }));
        };
        return work.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            ui.execute(() -> {
                running.set(false);
                failed.set(true);
                if (cause instanceof DeploymentService.DeploymentException d) {
                    error.set(d.getMessage());
                    nextStep.set(d.nextStep());
                } else {
                    java.lang.System.getLogger(DeployViewModel.class.getName()).log(java.lang.System.Logger.Level.WARNING,
                            "the " + mode.name().toLowerCase(java.util.Locale.ROOT) + " failed", cause);
                    error.set("The " + mode.name().toLowerCase(java.util.Locale.ROOT) + " did not complete.");
                    nextStep.set("Try again; if it fails the same way, open the stack in the AWS console to see its events.");
                }
                // the progress ends where it stopped, instead of a step that looks as if it were still going on
                step.set("Stopped: " + error.get());
                if (!events.isEmpty()) {
                    DeployProgress last = events.getLast();
                    events.add(new DeployProgress(last.resource(), "FAILED", error.get(), last.percent()));
                }
            });
            return null;
        });
    }

    private void done(AwsBackend backend) {
        onDeployed.accept(backend);
        result.set(backend);
        finish(mode == Mode.DEPLOY ? "Your backend is ready." : "Your backend is up to date.");
    }

    private void finish(String message) {
        running.set(false);
        finished.set(true);
        progress.set(1);
        step.set(message);
    }

    public Mode mode() {
        return mode;
    }

    public String appTemplateVersion() {
        return service.appTemplateVersion();
    }

    public AwsBackend existing() {
        return existing;
    }

    /** Where AWS credentials can come from on this computer (see {@link #refresh()}). */
    public ObservableList<AwsCredentials> credentials() {
        return credentials;
    }

    public ObservableList<String> regions() {
        return regions;
    }

    /** The credentials the deployment uses. */
    public ObjectProperty<AwsCredentials> profileProperty() {
        return profile;
    }

    /** The last start failed; the progress stays as it ended, with the error under it. */
    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty stackNameProperty() {
        return stackName;
    }

    public ReadOnlyStringProperty stackNameErrorProperty() {
        return stackNameError.getReadOnlyProperty();
    }

    public StringProperty domainNameProperty() {
        return domainName;
    }

    public StringProperty certificateArnProperty() {
        return certificateArn;
    }

    public ReadOnlyStringProperty domainNameErrorProperty() {
        return domainNameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty certificateArnErrorProperty() {
        return certificateArnError.getReadOnlyProperty();
    }

    public BooleanBinding canStartBinding() {
        return canStart;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ObservableList<DeployProgress> events() {
        return events;
    }

    public ReadOnlyObjectProperty<AwsBackend> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nextStepProperty() {
        return nextStep.getReadOnlyProperty();
    }
}
