package dev.porthole.desktop.replay;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.desktop.inspect.Bodies;
import dev.porthole.desktop.inspect.Sizes;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.platform.FileDialogs;
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
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Edit and replay: method, target, headers (one "Name: value" a line) and body, sent to the tunnel's local target or
 * any other URL. What the person did not change goes out exactly as captured — header lines byte for byte, the body's
 * own bytes (not decoded and encoded again); a body that was changed is encoded in the charset its Content-Type
 * names. The result is logged as a new entry linked to the original.
 */
public final class ReplayEditorViewModel {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    /** Header lines the forwarder writes itself or drops (framing and hop-by-hop), so what is typed there is not sent. */
    private static final Set<String> NOT_SENT_AS_WRITTEN = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");

    private final LogEntry original;
    private final Replays replays;
    private final UiExecutor ui;
    private final Consumer<LogEntry> onResult;
    /** The body as text in its declared charset, or null when it is not text (then it is sent as captured). */
    private final String originalBodyText;
    private final String originalHeaderText;

    private final StringProperty method = new SimpleStringProperty();
    private final StringProperty target = new SimpleStringProperty();
    private final StringProperty headers = new SimpleStringProperty();
    private final StringProperty body = new SimpleStringProperty();
    private final StringProperty sendTo = new SimpleStringProperty();
    private final ReadOnlyStringWrapper bodySummary = new ReadOnlyStringWrapper("");
    private final FileDialogs files;
    /** A body the person loaded from a file instead of the captured one, or null. */
    private CapturedBody replacement;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper sending = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<LogEntry> result = new ReadOnlyObjectWrapper<>();

    /**
     * @param defaultTarget where replays go unless the person changes it, e.g. {@code http://localhost:3000}
     * @param onResult      called on the UI thread with the new entry (the app selects it and shows the diff)
     */
    public ReplayEditorViewModel(LogEntry original, URI defaultTarget, Replays replays, FileDialogs files, UiExecutor ui,
                                 Consumer<LogEntry> onResult) {
        this.original = original;
        this.files = files;
        this.replays = replays;
        this.ui = ui;
        this.onResult = onResult;
        CapturedRequest request = original.exchange().request();
        method.set(request.method());
        target.set(request.target());
        originalHeaderText = headerText(request.headers());
        headers.set(originalHeaderText);
        byte[] bytes = request.body().bytes();
        originalBodyText = bytes.length == 0 ? "" : decode(bytes, charsetOf(request.headers()));
        body.set(bodyEditable() ? originalBodyText : "");
        bodySummary.set(summary(request.body()));
        sendTo.set(defaultTarget == null ? "" : defaultTarget.toString());
    }

    /** The body cannot be edited as text (it is binary); it is sent as captured. */
    public boolean bodyIsBinary() {
        return originalBodyText == null;
    }

    /**
     * Whether the body is edited as text here: it is text, and small enough that the editor stays quick (a code area
     * lays each line out whole). Otherwise it goes as captured, or as a file the person picks ({@link #replaceBodyFromFile}).
     */
    public boolean bodyEditable() {
        return originalBodyText != null && originalBodyText.length() <= MAX_EDITABLE_CHARS
                && originalBodyText.lines().allMatch(l -> l.length() <= MAX_EDITABLE_LINE);
    }

    static final int MAX_EDITABLE_CHARS = 64 * 1024;
    static final int MAX_EDITABLE_LINE = 4_000;

    /** Sends the bytes of a file the person picks as the body (for a body too large, binary, or captured in part). */
    public void replaceBodyFromFile() {
        files.openBody().ifPresent(path -> {
            try {
                byte[] bytes = java.nio.file.Files.readAllBytes(path);
                replaceBody(bytes, path.getFileName().toString());
            } catch (java.io.IOException e) {
                error.set("Could not read " + path + ". Next step: choose a file you can read.");
            }
        });
    }

    /** The body to send instead of the captured one. */
    public void replaceBody(byte[] bytes, String from) {
        replacement = new CapturedBody(bytes, bytes.length);
        bodySummary.set("Sends " + from + " (" + Sizes.format(bytes.length) + ") as the body.");
        error.set("");
    }

    private String summary(CapturedBody captured) {
        if (captured.size() == 0) {
            return "No body.";
        }
        String what = originalBodyText == null ? "binary" : "too large to edit here";
        return captured.truncated()
                ? "Only the first " + Sizes.format(captured.bytes().length) + " of this " + Sizes.format(captured.size())
                + " body were captured: replace it with a file to send it."
                : "The body (" + Sizes.format(captured.size()) + ", " + what + ") is sent exactly as captured.";
    }

    /** Header lines typed here that the forwarder sets itself or drops (e.g. Host, Content-Length). */
    public List<String> headersSetByClient() {
        return parseHeaders(headers.get(), new ArrayList<>()).lines().stream().map(Header::name)
                .filter(n -> NOT_SENT_AS_WRITTEN.contains(n.toLowerCase(Locale.ROOT))).distinct().toList();
    }

    /** Sends the request as it is now in the form; null when the form has an error (see {@link #errorProperty()}). */
    public CompletableFuture<LogEntry> send() {
        List<String> problems = new ArrayList<>();
        String m = method.get() == null ? "" : method.get().strip();
        if (!TOKEN.matcher(m).matches()) {
            problems.add("The method must be one word, like GET or POST.");
        }
        String t = target.get() == null ? "" : target.get().strip();
        if (!t.startsWith("/") || t.contains(" ")) {
            problems.add("The path must start with / and contain no spaces (encode them as %20).");
        }
        CapturedRequest captured = original.exchange().request();
        HttpHeaders h = headers.get() != null && headers.get().equals(originalHeaderText) ? captured.headers()
                : parseHeaders(headers.get(), problems);
        URI base = null;
        try {
            base = URI.create(sendTo.get() == null ? "" : sendTo.get().strip());
            if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
                problems.add("Send to an http:// or https:// address, for example http://localhost:3000.");
            }
        } catch (IllegalArgumentException e) {
            problems.add("Send to an http:// or https:// address, for example http://localhost:3000.");
        }
        CapturedBody b = captured.body();
        boolean bodyEdited = bodyEditable() && !originalBodyText.equals(body.get());
        if (replacement != null) {
            b = replacement;
        } else if (bodyEdited) {
            b = encode(body.get(), charsetOf(h), problems);
        }
        if (!problems.isEmpty()) {
            error.set(String.join(" ", problems));
            return null;
        }
        if (b.truncated()) {
            error.set(Replays.partialBody(b.bytes().length, b.size()).replace("Next step: Edit and replay, and replace the body.",
                    bodyEditable() ? "Next step: replace the body, then send." : "Next step: replace it with a file, then send."));
            return null;
        }
        error.set("");
        // the method as typed: HTTP methods are case-sensitive, and an application may route on a lower-case one
        CapturedRequest edited = new CapturedRequest(m, t, h, b, captured.prefix());
        sending.set(true);
        return replays.send(original, base, edited).whenComplete((entry, e) -> ui.execute(() -> {
            sending.set(false);
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                error.set(cause.getMessage());
            } else {
                result.set(entry);
                onResult.accept(entry);
            }
        }));
    }

    /** The charset the Content-Type names, UTF-8 when it names none (or one Java does not know). */
    static Charset charsetOf(HttpHeaders headers) {
        return Bodies.charset(headers.first("Content-Type").orElse(""));
    }

    /** The bytes as text in {@code charset}, or null when they are not text in it (binary, or not that charset). */
    static String decode(byte[] bytes, Charset charset) {
        try {
            String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ? null : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static CapturedBody encode(String text, Charset charset, List<String> problems) {
        try {
            ByteBuffer buffer = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text == null ? "" : text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return new CapturedBody(bytes, bytes.length);
        } catch (CharacterCodingException e) {
            problems.add("The body has characters " + charset.name() + " cannot hold. Change the charset in Content-Type "
                    + "(for example to utf-8), or remove them.");
            return CapturedBody.EMPTY;
        }
    }

    static String headerText(HttpHeaders headers) {
        StringBuilder out = new StringBuilder();
        for (Header h : headers) {
            out.append(h.name()).append(": ").append(h.value()).append('\n');
        }
        return out.toString();
    }

    /**
     * The typed header lines. A line the person left as it was shown is the captured line, exactly; a typed one loses
     * the whitespace around its value (HTTP's optional whitespace, which is not part of the value).
     */
    HttpHeaders parseHeaders(String text, List<String> problems) {
        Map<String, List<Header>> shown = new HashMap<>();
        for (Header h : original.exchange().request().headers()) {
            shown.computeIfAbsent(h.name() + ": " + h.value(), k -> new ArrayList<>()).add(h);
        }
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
            List<Header> same = shown.get(line);
            if (same != null && !same.isEmpty()) {
                lines.add(same.removeFirst());
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon <= 0 ? "" : line.substring(0, colon);
            if (!TOKEN.matcher(name).matches()) {
                problems.add("Header line " + n + " is not \"Name: value\".");
                continue;
            }
            lines.add(new Header(name, line.substring(colon + 1).replaceAll("^[ \t]+|[ \t]+$", "")));
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

    /** What is sent as the body when it is not edited here as text. */
    public ReadOnlyStringProperty bodySummaryProperty() {
        return bodySummary.getReadOnlyProperty();
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
