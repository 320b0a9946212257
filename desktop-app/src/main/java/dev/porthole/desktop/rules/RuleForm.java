package dev.porthole.desktop.rules;

import dev.porthole.policy.Deny;
import dev.porthole.policy.FallbackResponse;
import dev.porthole.policy.FixedResponse;
import dev.porthole.policy.HeaderEdits;
import dev.porthole.policy.InvalidPolicyException;
import dev.porthole.policy.RateLimit;
import dev.porthole.policy.RequestHeaders;
import dev.porthole.policy.RequestMatch;
import dev.porthole.policy.ResponseHeaders;
import dev.porthole.policy.RestrictIps;
import dev.porthole.policy.Rule;
import dev.porthole.policy.Secret;
import dev.porthole.policy.StaticResponse;
import dev.porthole.policy.Unavailability;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.policy.WebhookProvider;
import dev.porthole.policy.ip.IpRange;
import dev.porthole.policy.path.PathPattern;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The small form of one rule, as the person types it. Every change builds the rule with the policy library, so what
 * is valid here is exactly what the backend accepts; the library's message (with a next step where it lacks one) is
 * {@link #errorProperty()}. A webhook secret is typed, never shown back: editing a rule that has one shows only its
 * last four characters, and leaving the field empty keeps it.
 */
public final class RuleForm {
    private final RuleKind kind;
    /** The secret of the rule being edited; never put into a field. */
    private final Secret savedSecret;

    private final StringProperty methods = new SimpleStringProperty("");
    private final StringProperty path = new SimpleStringProperty("");
    private final StringProperty allow = new SimpleStringProperty("");
    private final StringProperty deny = new SimpleStringProperty("");
    private final StringProperty removeHeaders = new SimpleStringProperty("");
    private final StringProperty replaceHeaders = new SimpleStringProperty("");
    private final StringProperty addHeaders = new SimpleStringProperty("");
    private final ObjectProperty<WebhookProvider> provider = new SimpleObjectProperty<>(WebhookProvider.GITHUB);
    private final StringProperty secret = new SimpleStringProperty("");
    private final StringProperty signatureHeader = new SimpleStringProperty("");
    private final StringProperty limit = new SimpleStringProperty("60");
    private final BooleanProperty perCallerIp = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("200");
    private final StringProperty responseHeaders = new SimpleStringProperty("");
    private final StringProperty body = new SimpleStringProperty("");
    private final BooleanProperty whenOffline = new SimpleBooleanProperty(true);
    private final BooleanProperty whenLocalDown = new SimpleBooleanProperty(true);
    private final ObjectProperty<RateLimit.Window> window = new SimpleObjectProperty<>(RateLimit.Window.MINUTE);
    /** Seconds a Stripe or Slack signature's time may be from now. */
    private final StringProperty tolerance = new SimpleStringProperty(Long.toString(VerifyWebhook.DEFAULT_TOLERANCE.toSeconds()));

    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Rule> rule = new ReadOnlyObjectWrapper<>();

    private RuleForm(RuleKind kind, Secret savedSecret) {
        this.kind = kind;
        this.savedSecret = savedSecret;
    }

    /** An empty form for a new rule of {@code kind}. */
    public static RuleForm create(RuleKind kind) {
        RuleForm form = new RuleForm(kind, null);
        if (kind == RuleKind.FALLBACK) {
            form.status.set("503");
            form.responseHeaders.set("Retry-After: 60");
            form.body.set("This service is down for a moment. Please try again in a minute.");
        }
        return form.listening();
    }

    /** A form showing {@code existing}, secret aside. */
    public static RuleForm editing(Rule existing) {
        RuleForm form = switch (existing) {
            case VerifyWebhook w -> {
                RuleForm f = new RuleForm(RuleKind.WEBHOOK, w.secret());
                f.provider.set(w.provider());
                f.signatureHeader.set(w.header().orElse(""));
                w.tolerance().ifPresent(t -> f.tolerance.set(Long.toString(t.toSeconds())));
                yield f;
            }
            default -> new RuleForm(RuleKind.of(existing), null);
        };
        form.fill(existing);
        return form.listening();
    }

    private void fill(Rule existing) {
        switch (existing) {
            case RestrictIps r -> {
                allow.set(ranges(r.allow()));
                deny.set(ranges(r.deny()));
            }
            case RequestHeaders r -> fillEdits(r.edits());
            case ResponseHeaders r -> fillEdits(r.edits());
            case VerifyWebhook r -> {
                // provider and header were set with the secret
            }
            case RateLimit r -> {
                limit.set(Integer.toString(r.limit()));
                window.set(r.per());
                perCallerIp.set(r.by() == RateLimit.Scope.CALLER_IP);
            }
            case FixedResponse r -> fillResponse(r.response());
            case FallbackResponse r -> {
                whenOffline.set(r.when().contains(Unavailability.TUNNEL_OFFLINE));
                whenLocalDown.set(r.when().contains(Unavailability.LOCAL_SERVICE_DOWN));
                fillResponse(r.response());
            }
            case Deny r -> {
                // only its match
            }
        }
        if (existing instanceof dev.porthole.policy.RequestRule r) {
            methods.set(String.join(", ", r.match().methods()));
            path.set(r.match().path().map(PathPattern::toString).orElse(""));
        }
    }

    private void fillEdits(HeaderEdits edits) {
        removeHeaders.set(String.join(", ", edits.remove()));
        replaceHeaders.set(lines(edits.set()));
        addHeaders.set(lines(edits.add()));
    }

    private void fillResponse(StaticResponse response) {
        status.set(Integer.toString(response.status()));
        responseHeaders.set(lines(response.headers().lines()));
        body.set(response.body());
    }

    private static String ranges(List<IpRange> ranges) {
        return ranges.stream().map(IpRange::toString).collect(Collectors.joining(", "));
    }

    private static String lines(List<Header> headers) {
        return headers.stream().map(h -> h.name() + ": " + h.value()).collect(Collectors.joining("\n"));
    }

    private RuleForm listening() {
        for (Observable field : List.<Observable>of(methods, path, allow, deny, removeHeaders, replaceHeaders, addHeaders,
                provider, secret, signatureHeader, tolerance, limit, window, perCallerIp, status, responseHeaders, body,
                whenOffline, whenLocalDown)) {
            field.addListener(o -> validate());
        }
        validate();
        return this;
    }

    private void validate() {
        try {
            rule.set(build());
            error.set("");
        } catch (InvalidPolicyException e) {
            rule.set(null);
            error.set(RuleMessages.forPerson(e));
        }
    }

    private Rule build() {
        return switch (kind) {
            case IP_RANGES -> new RestrictIps(match(), ranges("allow", allow.get()), ranges("deny", deny.get()));
            case REQUEST_HEADERS -> new RequestHeaders(match(), edits());
            case RESPONSE_HEADERS -> new ResponseHeaders(match(), edits());
            case WEBHOOK -> webhook();
            case RATE_LIMIT -> new RateLimit(match(), number("limit", limit.get(), "The limit is a number of requests, such as 60."),
                    window.get(), perCallerIp.get() ? RateLimit.Scope.CALLER_IP : RateLimit.Scope.TUNNEL);
            case FIXED_RESPONSE -> new FixedResponse(fixedMatch(), response());
            case FALLBACK -> new FallbackResponse(when(), response());
            case DENY -> new Deny(match());
        };
    }

    private RequestMatch match() {
        List<String> m = words(methods.get());
        String p = path.get() == null ? "" : path.get().strip();
        if (p.isEmpty()) {
            return m.isEmpty() ? RequestMatch.any() : RequestMatch.methods(m);
        }
        return m.isEmpty() ? RequestMatch.path(p) : RequestMatch.of(m, p);
    }

    /** A fixed response for every request would hide the local service entirely: it needs a path. */
    private RequestMatch fixedMatch() {
        if (path.get() == null || path.get().isBlank()) {
            throw InvalidPolicyException.at("path", "a fixed response needs the path it answers, e.g. /robots.txt or /health");
        }
        return match();
    }

    private static List<IpRange> ranges(String field, String text) {
        List<IpRange> out = new ArrayList<>();
        for (String word : words(text)) {
            try {
                out.add(IpRange.parse(word));
            } catch (IllegalArgumentException e) {
                throw InvalidPolicyException.at(field, e.getMessage());
            }
        }
        return out;
    }

    private HeaderEdits edits() {
        return new HeaderEdits(words(removeHeaders.get()), headerLines("set", replaceHeaders.get()), headerLines("add", addHeaders.get()));
    }

    private VerifyWebhook webhook() {
        String typed = secret.get() == null ? "" : secret.get();
        Secret s = typed.isEmpty() && savedSecret != null ? savedSecret : Secret.of(typed);
        WebhookProvider p = provider.get();
        String header = signatureHeader.get() == null ? "" : signatureHeader.get().strip();
        Optional<Duration> within = p.timestamped()
                ? Optional.of(Duration.ofSeconds(number("tolerance", tolerance.get(), "The tolerance is a number of seconds, such as 300.")))
                : Optional.empty();
        return new VerifyWebhook(match(), p, s, p == WebhookProvider.HMAC_SHA256 && !header.isEmpty() ? Optional.of(header) : Optional.empty(),
                within);
    }

    private Set<Unavailability> when() {
        Set<Unavailability> when = EnumSet.noneOf(Unavailability.class);
        if (whenOffline.get()) {
            when.add(Unavailability.TUNNEL_OFFLINE);
        }
        if (whenLocalDown.get()) {
            when.add(Unavailability.LOCAL_SERVICE_DOWN);
        }
        return when;
    }

    private StaticResponse response() {
        int s = number("status", status.get(), "The status is a number, such as 200 or 503.");
        return new StaticResponse(s, HttpHeaders.of(headerLines("headers", responseHeaders.get())), body.get());
    }

    private static int number(String field, String text, String what) {
        try {
            return Integer.parseInt(text == null ? "" : text.strip());
        } catch (NumberFormatException e) {
            throw InvalidPolicyException.at(field, what);
        }
    }

    /** "Name: value" lines; the library judges names and values. */
    private static List<Header> headerLines(String field, String text) {
        List<Header> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw InvalidPolicyException.at(field, "line " + (i + 1) + " (\"" + line + "\") is not a header: write one a line, as Name: value");
            }
            out.add(new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return out;
    }

    private static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(w -> !w.isEmpty()).toList();
    }

    public RuleKind kind() {
        return kind;
    }

    /** The rule as typed, or null while {@link #errorProperty()} says what is wrong. */
    public ReadOnlyObjectProperty<Rule> ruleProperty() {
        return rule.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** For a rule that has a saved secret: "Saved secret …9f3a. Leave empty to keep it." Empty otherwise. */
    public String savedSecretHint() {
        return savedSecret == null ? "" : "Saved secret " + savedSecret.redacted() + ". Leave empty to keep it, or type a new one.";
    }

    /**
     * Seconds a Stripe or Slack signature's time may be from now (the saved rule's, else the providers' advice of
     * five minutes): older deliveries are refused, so a captured one cannot be sent again later.
     */
    public StringProperty toleranceProperty() {
        return tolerance;
    }

    public boolean hasSavedSecret() {
        return savedSecret != null;
    }

    public StringProperty methodsProperty() {
        return methods;
    }

    public StringProperty pathProperty() {
        return path;
    }

    public StringProperty allowProperty() {
        return allow;
    }

    public StringProperty denyProperty() {
        return deny;
    }

    public StringProperty removeHeadersProperty() {
        return removeHeaders;
    }

    public StringProperty replaceHeadersProperty() {
        return replaceHeaders;
    }

    public StringProperty addHeadersProperty() {
        return addHeaders;
    }

    public ObjectProperty<WebhookProvider> providerProperty() {
        return provider;
    }

    /** Typed only; {@link #editing} never fills it. */
    public StringProperty secretProperty() {
        return secret;
    }

    public StringProperty signatureHeaderProperty() {
        return signatureHeader;
    }

    public StringProperty limitProperty() {
        return limit;
    }

    /** What the limit counts over: a second, a minute or an hour. */
    public ObjectProperty<RateLimit.Window> windowProperty() {
        return window;
    }

    public BooleanProperty perCallerIpProperty() {
        return perCallerIp;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty responseHeadersProperty() {
        return responseHeaders;
    }

    public StringProperty bodyProperty() {
        return body;
    }

    public BooleanProperty whenOfflineProperty() {
        return whenOffline;
    }

    public BooleanProperty whenLocalDownProperty() {
        return whenLocalDown;
    }
}
