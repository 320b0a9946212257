package dev.porthole.desktop.inspect;

import dev.porthole.agent.capture.Exchange;
import dev.porthole.agent.capture.Timings;
import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.event.EventBus;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.log.RequestLogViewModel;
import dev.porthole.desktop.platform.DesktopActions;
import dev.porthole.desktop.platform.FileDialogs;
import dev.porthole.desktop.platform.PrivateFiles;
import dev.porthole.desktop.platform.UiExecutor;
import dev.porthole.desktop.replay.CurlCommand;
import dev.porthole.desktop.replay.ReplayEditorViewModel;
import dev.porthole.desktop.replay.Replays;
import dev.porthole.desktop.replay.ResponseDiff;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;

/**
 * The inspector: request and response of the selected entry, side by side, with timings, and — for a replay —
 * the diff against the original response. Commands: copy as curl, replay as is, edit and replay.
 */
public final class InspectorViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    /** Kept requests can be days old (the backend keeps them for a week). */
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm:ss", Locale.ROOT);

    private final RequestLogViewModel log;
    private final Replays replays;
    private static final System.Logger LOG = System.getLogger(InspectorViewModel.class.getName());
    private final DesktopActions desktop;
    private final FileDialogs files;
    private final Executor background;
    private final UiExecutor ui;
    private final EventBus bus;
    private final Function<LogEntry, URI> localTarget;
    private final ZoneId zone;

    private final ObjectProperty<LogEntry> entry = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<MessageView> request = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<MessageView> response = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper timing = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper policy = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper replayNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ResponseDiff> diff = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper replayProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper replayProblemOffersEdit = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper replaying = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper preparing = new ReadOnlyBooleanWrapper();
    private long generation;

    /**
     * @param localTarget where an entry's tunnel sends requests (http://host:port), or null when that tunnel is gone
     * @param background  where bodies are prepared for showing: never the UI thread
     */
    public InspectorViewModel(RequestLogViewModel log, Replays replays, DesktopActions desktop, FileDialogs files,
                              UiExecutor ui, Executor background, EventBus bus, Function<LogEntry, URI> localTarget, ZoneId zone) {
        this.log = log;
        this.replays = replays;
        this.desktop = desktop;
        this.files = files;
        this.ui = ui;
        this.background = background;
        this.bus = bus;
        this.localTarget = localTarget;
        this.zone = zone;
        entry.addListener((o, old, now) -> show(now));
    }

    /** The two sides of an exchange. */
    public enum Side { REQUEST, RESPONSE }

    /**
     * The title, timing and notes at once; the two sides as soon as they are prepared on the background executor
     * (a body of megabytes is decoded, pretty-printed, bounded and coloured there), each in its own step on the UI
     * thread. A selection that moved on meanwhile discards what was prepared for the one before.
     */
    private void show(LogEntry e) {
        long mine = ++generation;
        replayProblem.set("");
        replayProblemOffersEdit.set(false);
        request.set(null);
        response.set(null);
        diff.set(null);
        if (e == null) {
            title.set("");
            timing.set("");
            problem.set("");
            policy.set("");
            replayNote.set("");
            preparing.set(false);
            return;
        }
        Exchange x = e.exchange();
        title.set(e.method() + " " + e.target());
        timing.set(timing(x.timings(), e));
        problem.set(x.error() == null ? "" : x.error());
        policy.set(policyNote(x));
        Optional<LogEntry> original = e.isReplay() ? log.originalOf(e) : Optional.empty();
        replayNote.set(!e.isReplay() ? "" : original.map(o -> "Replay of the " + TIME.format(o.time().atZone(zone)) + " request "
                + o.method() + " " + o.target()).orElse("Replay of a request no longer in the log"));
        preparing.set(true);
        background.execute(() -> {
            try {
                MessageView req = MessageView.of(x.request(), TextPreparer.Limits.DEFAULT);
                ui.execute(() -> {
                    if (mine == generation) {
                        request.set(req);
                    }
                });
                MessageView resp = x.response() == null ? null : MessageView.of(x.response(), TextPreparer.Limits.DEFAULT);
                ResponseDiff d = original.map(o -> ResponseDiff.between(o.exchange().response(), x.response())).orElse(null);
                ui.execute(() -> {
                    if (mine == generation) {
                        diff.set(d); // first: the view builds the response side, Diff tab included, when the response is set
                        response.set(resp);
                    }
                });
            } finally {
                ui.execute(() -> {
                    if (mine == generation) {
                        preparing.set(false);
                    }
                });
            }
        });
    }

    /** Shows the whole body and raw message of one side, however long ("Show all"); prepared off the UI thread too. */
    public void showAll(Side side) {
        LogEntry e = entry.get();
        if (e == null || (side == Side.RESPONSE && e.exchange().response() == null)) {
            return;
        }
        long mine = generation;
        background.execute(() -> {
            MessageView all = side == Side.REQUEST ? MessageView.of(e.exchange().request(), TextPreparer.Limits.ALL)
                    : MessageView.of(e.exchange().response(), TextPreparer.Limits.ALL);
            ui.execute(() -> {
                if (mine == generation) {
                    (side == Side.REQUEST ? request : response).set(all);
                }
            });
        });
    }

    /** Saves one side's body (decoded, as the inspector shows it) to a file the person picks; owner-only. */
    public void saveBody(Side side) {
        MessageView view = (side == Side.REQUEST ? request : response).get();
        LogEntry e = entry.get();
        if (view == null || e == null || view.bytes().length == 0) {
            return;
        }
        files.saveBody(fileName(side, view)).ifPresent(path -> background.execute(() -> {
            try {
                PrivateFiles.write(path, view.bytes());
                ui.execute(() -> bus.publish(AppEvent.Notify.success("Saved the " + side.name().toLowerCase(Locale.ROOT)
                        + " body (" + Sizes.format(view.bytes().length) + ") to " + path.getFileName())));
            } catch (IOException ex) {
                LOG.log(System.Logger.Level.WARNING, "could not save a body to " + path, ex);
                ui.execute(() -> bus.publish(AppEvent.Notify.error("Could not write " + path + ". Next step: choose a folder "
                        + "you can write to and save again.")));
            }
        }));
    }

    /** Opens one side's body in the program the system uses for its type, from an owner-only temporary file. */
    public void openBody(Side side) {
        MessageView view = (side == Side.REQUEST ? request : response).get();
        if (view == null || view.bytes().length == 0) {
            return;
        }
        background.execute(() -> {
            try {
                Path dir = Files.createTempDirectory("porthole-body-");
                PrivateFiles.restrictExisting(dir);
                Path file = dir.resolve(fileName(side, view));
                PrivateFiles.write(file, view.bytes());
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                ui.execute(() -> desktop.open(file));
            } catch (IOException ex) {
                LOG.log(System.Logger.Level.WARNING, "could not write a body for an editor", ex);
                ui.execute(() -> bus.publish(AppEvent.Notify.error("Could not write the body to a temporary file. "
                        + "Next step: use Save body instead.")));
            }
        });
    }

    /** e.g. {@code response-body.json}: named for what it is, so the system opens it with the right program. */
    static String fileName(Side side, MessageView view) {
        String mime = view.mimeType();
        String ext = switch (view.body().kind()) {
            case JSON -> "json";
            case XML -> "xml";
            case HTML -> "html";
            case IMAGE -> mime.startsWith("image/") ? mime.substring(6).replaceAll("[^a-z0-9]", "") : "img";
            case TEXT, FORM -> "txt";
            default -> "bin";
        };
        return side.name().toLowerCase(Locale.ROOT) + "-body." + (ext.isEmpty() ? "bin" : ext);
    }

    private String timing(Timings t, LogEntry e) {
        StringBuilder s = new StringBuilder(TIME.format(t.received().atZone(zone)));
        Instant caughtAt = e.exchange().request().caughtAt();
        if (caughtAt != null) {
            // the caller got 202 back then; the response shown is what the local service answered on delivery
            s.append(" · kept while offline since ").append(DAY_AND_TIME.format(caughtAt.atZone(zone)));
        }
        if (e.exchange().keptByRule()) {
            // the backend answered it: there is no duration on this computer to show
            s.append(" · answered by the backend");
        } else {
            s.append(" · total ").append(ms(t.total()));
        }
        if (t.localAnswered() != null) {
            s.append(" · local service ").append(ms(t.local()));
        }
        s.append(" · ").append(e.tunnelName() == null ? "" : e.tunnelName());
        return s.toString();
    }

    public static String ms(Duration d) {
        long micros = d.toNanos() / 1000;
        if (micros < 10_000) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
        }
        if (micros < 10_000_000) {
            return micros / 1000 + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", micros / 1_000_000.0);
    }

    /** Where a replay of this entry goes by default: its tunnel's local target, else its public URL. */
    public URI defaultReplayTarget(LogEntry e) {
        URI local = localTarget.apply(e);
        if (local != null) {
            return local;
        }
        return e.publicUrl();
    }

    public void copyAsCurl() {
        LogEntry e = entry.get();
        if (e == null) {
            return;
        }
        URI url = e.url();
        if (url == null) {
            URI base = defaultReplayTarget(e);
            url = URI.create((base == null ? "http://localhost" : stripSlash(base.toString())) + e.target());
        }
        desktop.copyToClipboard(CurlCommand.of(e.exchange().request(), url));
        bus.publish(AppEvent.Notify.success("Copied a curl command for " + e.method() + " " + e.path()));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** An editor on the selected entry (null when nothing is selected). */
    public ReplayEditorViewModel editor() {
        LogEntry e = entry.get();
        if (e == null) {
            return null;
        }
        return new ReplayEditorViewModel(e, defaultReplayTarget(e), replays, files, ui, this::showResult);
    }

    /**
     * Sends the selected request again unchanged, and selects the result. Whatever stops it is said where the person
     * looks — in the inspector, with Edit and replay offered when editing can fix it; a replay that reached nothing
     * also gets a toast.
     */
    public void replayAsIs() {
        LogEntry e = entry.get();
        if (e == null || replaying.get()) {
            return;
        }
        URI target = defaultReplayTarget(e);
        if (target == null) {
            problem("This request's tunnel no longer exists, so Porthole does not know where to send it. "
                    + "Next step: Edit and replay, and choose where to send it.", true);
            return;
        }
        replayProblem.set("");
        replaying.set(true);
        replays.send(e, target, e.exchange().request()).whenComplete((result, failure) -> ui.execute(() -> {
            replaying.set(false);
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                Replays.Failed f = cause instanceof Replays.Failed failed ? failed
                        : new Replays.Failed("The replay could not be sent. Next step: try again.", false);
                if (e.equals(entry.get())) {
                    problem(f.getMessage(), f.offersEdit());
                }
                bus.publish(AppEvent.Notify.error(f.getMessage()));
                return;
            }
            showResult(result);
        }));
    }

    private void problem(String message, boolean offersEdit) {
        replayProblem.set(message);
        replayProblemOffersEdit.set(offersEdit);
    }

    /** UI thread: the replay's entry, selected; a replay whose target did not answer says so in a toast too. */
    private void showResult(LogEntry result) {
        log.flushAll();
        bus.publish(new AppEvent.Inspect(result.id()));
        if (result.exchange().error() != null) {
            bus.publish(AppEvent.Notify.error(Replays.noAnswer(result)));
        }
    }

    public void showOriginal() {
        LogEntry e = entry.get();
        if (e != null && e.replayOf() != null) {
            bus.publish(new AppEvent.Inspect(e.replayOf()));
        }
    }

    public ObjectProperty<LogEntry> entryProperty() {
        return entry;
    }

    public ReadOnlyObjectProperty<MessageView> requestProperty() {
        return request.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<MessageView> responseProperty() {
        return response.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty timingProperty() {
        return timing.getReadOnlyProperty();
    }

    /** Why the agent answered instead of the local service, or empty. */
    /**
     * One line on what the tunnel's traffic rules did with the request, as the backend said: "Rules: allowed (rule 1
     * (request-headers))", or, for one they kept from this computer, "Rules: refused by rule 2 (verify-webhook): … — it
     * never reached the local service"; empty when the tunnel has no rules.
     */
    static String policyNote(Exchange x) {
        if (x.policy() == null || x.policy().isEmpty()) {
            return "";
        }
        return "Rules: " + x.policy() + (x.keptByRule() ? " — it never reached the local service" : "");
    }

    public ReadOnlyStringProperty policyProperty() {
        return policy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty replayNoteProperty() {
        return replayNote.getReadOnlyProperty();
    }

    /** Why the last Replay of the selected request did not go out, or empty. */
    public ReadOnlyStringProperty replayProblemProperty() {
        return replayProblem.getReadOnlyProperty();
    }

    /** Whether Edit and replay can fix {@link #replayProblemProperty()} (a body captured in part, a tunnel gone). */
    public ReadOnlyBooleanProperty replayProblemOffersEditProperty() {
        return replayProblemOffersEdit.getReadOnlyProperty();
    }

    /** The selected entry's sides are being prepared (request and response are null until then). */
    public ReadOnlyBooleanProperty preparingProperty() {
        return preparing.getReadOnlyProperty();
    }

    /** A Replay is on its way. */
    public ReadOnlyBooleanProperty replayingProperty() {
        return replaying.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ResponseDiff> diffProperty() {
        return diff.getReadOnlyProperty();
    }
}
