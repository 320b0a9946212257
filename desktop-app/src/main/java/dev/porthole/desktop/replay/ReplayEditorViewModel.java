package dev.porthole.desktop.replay;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.inspect.Bodies;
import dev.porthole.desktop.log.ExchangeSink;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.platform.UiExecutor;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Replay, as is or edited: method, target, headers (one "Name: value" a line) and body, sent to the tunnel's local
 * target or any other URL. The result is logged as a new entry linked to the original.
 */
public final class ReplayEditorViewModel {
    private static final Pattern METHOD = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private final LogEntry original;
    private final ReplayService service;
    private final ExchangeSink log;
    private final UiExecutor ui;
    private final Consumer<LogEntry> onResult;
    private final boolean bodyIsText;

    private final StringProperty method = new SimpleStringProperty();
    private final StringProperty target = new SimpleStringProperty();
    private final StringProperty headers = new SimpleStringProperty();
    private final StringProperty body = new SimpleStringProperty();
    private final StringProperty sendTo = new SimpleStringProperty();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper sending = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<LogEntry> result = new ReadOnlyObjectWrapper<>();

    /**
     * @param defaultTarget where replays go unless the person changes it, e.g. {@code http://localhost:3000}
     * @param onResult      called on the UI thread with the new entry (the app selects it and shows the diff)
     */
    public ReplayEditorViewModel(LogEntry original, URI defaultTarget, ReplayService service, ExchangeSink log,
                                 UiExecutor ui, Consumer<LogEntry> onResult) {
        this.original = original;
        this.service = service;
        this.log = log;
        this.ui = ui;
        this.onResult = onResult;
        CapturedRequest request = original.exchange().request();
        method.set(request.method());
        target.set(request.target());
        headers.set(headerText(request.headers()));
        String text = request.body().bytes().length == 0 ? "" : Bodies.textOrNull(request.headers(), request.body().bytes());
        bodyIsText = text != null;
        body.set(text == null ? "" : text);
        sendTo.set(defaultTarget == null ? "" : defaultTarget.toString());
    }

    /** The body cannot be edited as text (it is binary); it is sent as captured. */
    public boolean bodyIsBinary() {
        return !bodyIsText;
    }

    /** Headers the HTTP client sets itself, so edits to them are not sent (e.g. Host, Content-Length). */
    public List<String> headersSetByClient() {
        return HttpReplayService.clientSetHeaders(parseHeaders(headers.get(), new ArrayList<>()));
    }

    /** Sends the request as it is now in the form; null when the form has an error (see {@link #errorProperty()}). */
    public CompletableFuture<LogEntry> send() {
        List<String> problems = new ArrayList<>();
        String m = method.get() == null ? "" : method.get().strip().toUpperCase(Locale.ROOT);
        if (!METHOD.matcher(m).matches()) {
            problems.add("The method must be one word, like GET or POST.");
        }
        String t = target.get() == null ? "" : target.get().strip();
        if (!t.startsWith("/") || t.contains(" ")) {
            problems.add("The path must start with / and contain no spaces (encode them as %20).");
        }
        HttpHeaders h = parseHeaders(headers.get(), problems);
        URI base = null;
        try {
            base = URI.create(sendTo.get() == null ? "" : sendTo.get().strip());
            if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
                problems.add("Send to an http:// or https:// address, for example http://localhost:3000.");
            }
        } catch (IllegalArgumentException e) {
            problems.add("Send to an http:// or https:// address, for example http://localhost:3000.");
        }
        if (!problems.isEmpty()) {
            error.set(String.join(" ", problems));
            return null;
        }
        error.set("");
        CapturedBody captured = original.exchange().request().body();
        CapturedBody b = bodyIsText ? bodyOf(body.get()) : captured;
        if (captured.truncated() && (!bodyIsText || b.equals(new CapturedBody(captured.bytes(), captured.bytes().length)))) {
            error.set("Only the first " + captured.bytes().length + " of " + captured.size() + " bytes of this body were "
                    + "captured, so it cannot be sent as it was. Replace the body, then send.");
            return null;
        }
        CapturedRequest edited = new CapturedRequest(m, t, h, b, original.exchange().request().prefix());
        sending.set(true);
        return service.send(base, original, edited).whenComplete((x, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                ui.execute(() -> {
                    sending.set(false);
                    error.set(cause.getMessage() == null ? cause.toString() : cause.getMessage());
                });
            }
        }).thenApply(exchange -> {
            LogEntry entry = LogEntry.of(original.tunnelKey(), original.tunnelName(), original.publicUrl(), exchange, original.id());
            log.submit(entry);
            ui.execute(() -> {
                sending.set(false);
                result.set(entry);
                onResult.accept(entry);
            });
            return entry;
        });
    }

    private static CapturedBody bodyOf(String text) {
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        return new CapturedBody(bytes, bytes.length);
    }

    static String headerText(HttpHeaders headers) {
        StringBuilder out = new StringBuilder();
        for (Header h : headers) {
            out.append(h.name()).append(": ").append(h.value()).append('\n');
        }
        return out.toString();
    }

    static HttpHeaders parseHeaders(String text, List<String> problems) {
        List<Header> lines = new ArrayList<>();
        if (text == null) {
            return HttpHeaders.EMPTY;
        }
        int n = 0;
        for (String line : text.split("\r?\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon <= 0 ? "" : line.substring(0, colon).strip();
            if (!METHOD.matcher(name).matches()) {
                problems.add("Header line " + n + " is not \"Name: value\".");
                continue;
            }
            lines.add(new Header(name, line.substring(colon + 1).strip()));
        }
        return HttpHeaders.of(lines);
    }

    public LogEntry original() {
        return original;
    }

    public StringProperty methodProperty() {
        return method;
    }

    public StringProperty targetProperty() {
        return target;
    }

    public StringProperty headersProperty() {
        return headers;
    }

    public StringProperty bodyProperty() {
        return body;
    }

    public StringProperty sendToProperty() {
        return sendTo;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty sendingProperty() {
        return sending.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LogEntry> resultProperty() {
        return result.getReadOnlyProperty();
    }
}
