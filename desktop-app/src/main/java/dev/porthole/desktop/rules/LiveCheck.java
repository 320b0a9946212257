package dev.porthole.desktop.rules;

import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.policy.PolicyRequest;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.engine.Decision;
import dev.porthole.policy.engine.PolicyEngine;
import dev.porthole.policy.ratelimit.RateLimiter;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * "This request would be: allowed / refused by rule 2 / answered by rule 4": the rules being edited, run by the
 * backend's own engine on a request the person types or takes from the tunnel's captured requests. It is one request
 * on its own, so a rate limit never refuses it (its count starts fresh at every check).
 */
public final class LiveCheck {
    /** What the verdict is, for its colour. */
    public enum Outcome { ALLOWED, REFUSED, ANSWERED, NOT_A_REQUEST }

    private final Supplier<TrafficPolicy> rules;
    private final Clock clock;
    private final String tunnelId;

    private final StringProperty method = new SimpleStringProperty("POST");
    private final StringProperty path = new SimpleStringProperty("/");
    private final StringProperty headers = new SimpleStringProperty("");
    private final StringProperty body = new SimpleStringProperty("");
    private final StringProperty sourceIp = new SimpleStringProperty("203.0.113.7");
    /** The URL a picked request was sent to (Twilio signs it); typed requests have none. */
    private String publicUrl;
    private final ObservableList<LogEntry> captured;
    private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>(Outcome.ALLOWED);
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");

    /**
     * @param rules    the rules as they are now in the form; read at every check
     * @param captured the tunnel's captured requests, newest first
     * @param tunnelId the tunnel's ID as the backend names it in refusals ("tunnel" when it has none yet)
     */
    LiveCheck(Supplier<TrafficPolicy> rules, List<LogEntry> captured, String tunnelId, Clock clock) {
        this.rules = rules;
        this.captured = FXCollections.unmodifiableObservableList(FXCollections.observableArrayList(captured));
        this.tunnelId = tunnelId;
        this.clock = clock;
        for (Observable field : List.<Observable>of(method, path, headers, body, sourceIp)) {
            field.addListener(o -> run());
        }
        run();
    }

    /** Fills the request in from one the tunnel captured. */
    public void pick(LogEntry entry) {
        CapturedRequest request = entry.exchange().request();
        publicUrl = entry.url() == null ? null : entry.url().toString();
        List<String> lines = new ArrayList<>();
        for (Header h : request.headers()) {
            lines.add(h.name() + ": " + h.value());
        }
        // API Gateway appends the address it saw to X-Forwarded-For: its last entry is the caller the rules judge
        request.headers().first("x-forwarded-for").map(v -> v.substring(v.lastIndexOf(',') + 1).strip())
                .filter(v -> !v.isEmpty()).ifPresent(sourceIp::set);
        method.set(request.method());
        path.set(request.target());
        headers.set(String.join("\n", lines));
        body.set(new String(request.body().bytes(), StandardCharsets.UTF_8));
    }

    /** Runs the check again (the rules changed). */
    void run() {
        String m = method.get() == null ? "" : method.get().strip().toUpperCase(Locale.ROOT);
        String target = path.get() == null ? "" : path.get().strip();
        if (m.isEmpty() || !target.startsWith("/")) {
            outcome.set(Outcome.NOT_A_REQUEST);
            verdict.set("Type a method and a path starting with /, e.g. POST /hooks/github.");
            detail.set("");
            return;
        }
        int q = target.indexOf('?');
        PolicyRequest request = PolicyRequest.builder(tunnelId, m, q < 0 ? target : target.substring(0, q), clock.instant())
                .query(q < 0 ? "" : target.substring(q + 1))
                .headers(headerLines(headers.get()))
                .body(body.get() == null ? new byte[0] : body.get().getBytes(StandardCharsets.UTF_8))
                .sourceIp(sourceIp.get() == null ? "" : sourceIp.get().strip())
                .publicUrl(publicUrl)
                .build();
        Decision decision;
        try {
            decision = new PolicyEngine(new RateLimiter()).decide(rules.get(), request);
        } catch (IllegalArgumentException e) {
            outcome.set(Outcome.NOT_A_REQUEST);
            verdict.set("This is not a request the backend would get: " + RuleMessages.sentence(e.getMessage()));
            detail.set("");
            return;
        }
        verdict.set("This request would be " + decision.summary() + ".");
        switch (decision) {
            case Decision.Forward f -> {
                outcome.set(Outcome.ALLOWED);
                detail.set(f.requestHeaders().equals(request.headers()) ? "It reaches your server as sent."
                        : "Your server gets it with the headers changed by the rules.");
            }
            case Decision.Refuse r -> {
                outcome.set(Outcome.REFUSED);
                detail.set("The caller gets " + r.response().status() + " with X-Porthole-Error: " + r.code().code()
                        + "; your server never sees it.");
            }
            case Decision.Answer a -> {
                outcome.set(Outcome.ANSWERED);
                detail.set("The backend answers " + a.response().status() + " itself; your server never sees it.");
            }
        }
    }

    private static HttpHeaders headerLines(String text) {
        List<Header> out = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\\R")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    // as API Gateway hands them to the function: lower-case names
                    out.add(new Header(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip()));
                }
            }
        }
        return HttpHeaders.of(out);
    }

    public StringProperty methodProperty() {
        return method;
    }

    public StringProperty pathProperty() {
        return path;
    }

    /** "Name: value" lines. */
    public StringProperty headersProperty() {
        return headers;
    }

    public StringProperty bodyProperty() {
        return body;
    }

    public StringProperty sourceIpProperty() {
        return sourceIp;
    }

    /** The tunnel's captured requests, newest first, to {@link #pick} from. */
    public ObservableList<LogEntry> captured() {
        return captured;
    }

    public ReadOnlyObjectProperty<Outcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** "This request would be refused by rule 2 (verify-webhook): the X-Hub-Signature-256 header is missing." */
    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** What the caller and the local service would see. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }
}
