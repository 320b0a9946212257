package dev.porthole.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tunnel's traffic rules, in order. The backend runs the request rules on every public request before it reaches
 * the agent (see {@link dev.porthole.policy.engine.PolicyEngine}): the first rule that refuses or answers decides,
 * and the header rules before it accumulate. {@link PolicyJson} is its stored and transmitted form.
 */
public final class TrafficPolicy {
    /** No rules: every request goes through, as before policies existed. */
    public static final TrafficPolicy NONE = new TrafficPolicy(List.of());
    /** More rules than anyone writes by hand; each request runs through all of them. */
    public static final int MAX_RULES = 100;

    private final List<Rule> rules;

    private TrafficPolicy(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * @throws InvalidPolicyException when there are more than {@value #MAX_RULES} rules, two fallbacks for the same
     *                                situation, or the policy does not fit its {@link PolicyJson#MAX_ENCODED_BYTES}
     */
    public static TrafficPolicy of(List<? extends Rule> rules) {
        List<Rule> copy = List.copyOf(rules);
        if (copy.isEmpty()) {
            return NONE;
        }
        if (copy.size() > MAX_RULES) {
            throw new InvalidPolicyException("/rules", "a policy has at most " + MAX_RULES + " rules; this one has " + copy.size());
        }
        Map<Unavailability, Integer> fallbacks = new EnumMap<>(Unavailability.class);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) instanceof FallbackResponse fallback) {
                for (Unavailability u : fallback.when()) {
                    Integer earlier = fallbacks.putIfAbsent(u, i);
                    if (earlier != null) {
                        throw new InvalidPolicyException("/rules/" + i + "/when", label(i, fallback) + "rule " + (earlier + 1)
                            + " already answers when " + u.wireName() + "; keep one of them");
                    }
                }
            }
        }
        TrafficPolicy policy = new TrafficPolicy(copy);
        int size = PolicyJson.encodedSize(policy);
        if (size > PolicyJson.MAX_ENCODED_BYTES) {
            throw new InvalidPolicyException("", "the policy takes " + size + " bytes encoded, more than the "
                + PolicyJson.MAX_ENCODED_BYTES + " a tunnel can store; use fewer or shorter rules (fixed-response bodies first)");
        }
        return policy;
    }

    public static TrafficPolicy of(Rule... rules) {
        return of(List.of(rules));
    }

    /** "rule 3 (rate-limit): ", the prefix of messages about one rule. */
    static String label(int index, Rule rule) {
        return "rule " + (index + 1) + " (" + rule.kind() + "): ";
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** These rules, then {@code later}'s. */
    public TrafficPolicy then(TrafficPolicy later) {
        if (later.isEmpty()) {
            return this;
        }
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(later.rules);
        return of(all);
    }

    /** The response for {@code why}, if the policy has one. */
    public Optional<FallbackResponse> fallbackFor(Unavailability why) {
        return rules.stream()
            .filter(r -> r instanceof FallbackResponse f && f.when().contains(why))
            .map(FallbackResponse.class::cast)
            .findFirst();
    }

    /** The same rules with the same secrets. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficPolicy other && rules.equals(other.rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    /** One line per rule, secrets redacted. */
    @Override
    public String toString() {
        if (rules.isEmpty()) {
            return "TrafficPolicy[no rules]";
        }
        StringBuilder out = new StringBuilder("TrafficPolicy[");
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            out.append(i == 0 ? "" : "; ").append(i + 1).append(". ").append(rule.kind());
            if (rule instanceof RequestRule request && !request.match().isAny()) {
                out.append(" (").append(request.match().describe()).append(')');
            }
            out.append(": ").append(rule.describe());
        }
        return out.append(']').toString();
    }
}
