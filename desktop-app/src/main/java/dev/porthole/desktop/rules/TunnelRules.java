package dev.porthole.desktop.rules;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.porthole.desktop.platform.Json;
import dev.porthole.policy.Deny;
import dev.porthole.policy.FixedResponse;
import dev.porthole.policy.InvalidPolicyException;
import dev.porthole.policy.PolicyJson;
import dev.porthole.policy.RequestRule;
import dev.porthole.policy.Rule;
import dev.porthole.policy.TrafficPolicy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tunnel's traffic rules as {@code tunnels.json} keeps them: the policy in its JSON form, secrets included (the
 * agent sends them to the backend at connect; the file is owner-only). When a hand-edited file holds rules that no
 * longer read, the text is kept as it was, with why: nothing is lost, and the tunnel is not started without the rules
 * its owner set (they may be what keeps strangers out).
 */
@JsonSerialize(using = TunnelRules.Writer.class)
@JsonDeserialize(using = TunnelRules.Reader.class)
public final class TunnelRules {
    public static final TunnelRules NONE = new TunnelRules(TrafficPolicy.NONE, null, null);

    private final TrafficPolicy policy;
    private final JsonNode unreadable;
    private final String problem;

    private TunnelRules(TrafficPolicy policy, JsonNode unreadable, String problem) {
        this.policy = policy;
        this.unreadable = unreadable;
        this.problem = problem;
    }

    public static TunnelRules of(TrafficPolicy policy) {
        return policy.isEmpty() ? NONE : new TunnelRules(policy, null, null);
    }

    /** Rules in the file that the policy library refuses: kept verbatim so saving the file again does not drop them. */
    static TunnelRules unreadable(JsonNode saved, String problem) {
        return new TunnelRules(TrafficPolicy.NONE, saved, problem);
    }

    /** The rules; none when they could not be read (see {@link #problem()}). */
    public TrafficPolicy policy() {
        return policy;
    }

    public boolean intact() {
        return problem == null;
    }

    /** Why the saved rules could not be read, or empty. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public boolean isEmpty() {
        return intact() && policy.isEmpty();
    }

    /** "1. restrict-ips: allow 10.0.0.0/8", one per rule, for badges and lists; secrets show their last four characters at most. */
    public List<String> summaries() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            lines.add((i + 1) + ". " + summary(policy.rules().get(i)));
        }
        return lines;
    }

    /** The tunnel row's badge tooltip: what the rules are, one a line, or why they could not be read. No secrets. */
    public String badgeText() {
        if (!intact()) {
            return "The saved traffic rules could not be read (" + problem + "), so this tunnel does not start. "
                    + "Edit it to set its rules again.";
        }
        int n = policy.rules().size();
        return n + " traffic rule" + (n == 1 ? "" : "s") + ", run by the backend in order before anything reaches this computer:\n"
                + String.join("\n", summaries());
    }

    /**
     * "Webhook signature (POST /hooks/github): GitHub signature in X-Hub-Signature-256, secret …9f3a"; a fixed response
     * and a deny rule describe their match themselves ("Deny: /admin/*").
     */
    public static String summary(Rule rule) {
        boolean describesMatch = rule instanceof FixedResponse || rule instanceof Deny;
        String match = rule instanceof RequestRule r && !r.match().isAny() && !describesMatch ? " (" + r.match().describe() + ")" : "";
        return RuleKind.of(rule).label() + match + ": " + rule.describe();
    }

    /** Redacted: the policy's own {@code toString} shows no secret. */
    @Override
    public String toString() {
        return intact() ? "TunnelRules[" + policy + "]" : "TunnelRules[unreadable: " + problem + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TunnelRules other && policy.equals(other.policy) && Objects.equals(unreadable, other.unreadable);
    }

    @Override
    public int hashCode() {
        return policy.hashCode();
    }

    static final class Writer extends JsonSerializer<TunnelRules> {
        @Override
        public void serialize(TunnelRules rules, JsonGenerator out, SerializerProvider serializers) throws IOException {
            out.writeTree(rules.intact() ? Json.MAPPER.readTree(PolicyJson.encode(rules.policy)) : rules.unreadable);
        }
    }

    static final class Reader extends JsonDeserializer<TunnelRules> {
        @Override
        public TunnelRules deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode saved = in.readValueAsTree();
            try {
                return of(PolicyJson.decode(saved));
            } catch (InvalidPolicyException e) {
                return unreadable(saved, e.getMessage() + (e.pointer().isEmpty() ? "" : " (at " + e.pointer() + ")"));
            }
        }

        @Override
        public TunnelRules getNullValue(DeserializationContext context) {
            return NONE;
        }
    }
}
