package dev.porthole.desktop.rules;

import dev.porthole.policy.InvalidPolicyException;

import java.util.Map;

/**
 * The policy library's messages as sentences for the form. The library says what is wrong and usually how to fix it;
 * where a bare message would leave the person without a next step, the field it is about adds one.
 */
final class RuleMessages {
    private static final Map<String, String> NEXT_STEPS = Map.of(
            "/secret", "Paste the signing secret from the provider's webhook settings.",
            "/when", "Tick when this answer is given.",
            "/header", "Enter the header the sender puts the signature in.");

    private RuleMessages() {
    }

    static String forPerson(InvalidPolicyException e) {
        String text = sentence(e.getMessage());
        String next = NEXT_STEPS.get(e.pointer());
        return next == null ? text : text + " " + next;
    }

    static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "This rule is not valid.";
        }
        String s = message.strip();
        s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        return s.endsWith(".") || s.endsWith("?") ? s : s + ".";
    }
}
