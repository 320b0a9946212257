package dev.porthole.policy.engine;

import dev.porthole.policy.Rule;

/**
 * Which rule of a policy acted: its index (0-based, as in {@code policy.rules().get(index)}) and kind. People see
 * it as "rule 3 (rate-limit)".
 */
public record RuleRef(int index, String kind) {
    static RuleRef of(int index, Rule rule) {
        return new RuleRef(index, rule.kind());
    }

    /** 1-based, as people count. */
    public int position() {
        return index + 1;
    }

    @Override
    public String toString() {
        return "rule " + position() + " (" + kind + ")";
    }
}
