package dev.porthole.policy.engine;

import dev.porthole.policy.HeaderEdits;
import dev.porthole.protocol.HttpHeaders;

import java.util.List;
import java.util.Optional;

/** What the rules make of one request. */
public sealed interface Decision {

    /** The rule that refused or answered; empty when the request goes on to the local service. */
    Optional<RuleRef> decidedBy();

    /** One line for the inspector and logs: "allowed", "refused by rule 2 (verify-webhook): …". No secrets. */
    String summary();

    /**
     * Send the request on, with {@link #requestHeaders()} instead of the caller's, and pass the local service's
     * response headers through {@link #responseHeaders(HttpHeaders)} on the way back.
     *
     * @param applied the rules that matched the request and let it through (checks passed, headers changed)
     */
    record Forward(HttpHeaders requestHeaders, List<HeaderEdits> responseEdits, List<RuleRef> applied) implements Decision {
        public Forward {
            responseEdits = List.copyOf(responseEdits);
            applied = List.copyOf(applied);
        }

        /** The local service's response headers after the policy's response-header rules. */
        public HttpHeaders responseHeaders(HttpHeaders fromLocalService) {
            HttpHeaders out = fromLocalService;
            for (HeaderEdits edits : responseEdits) {
                out = edits.applyTo(out);
            }
            return out;
        }

        @Override
        public Optional<RuleRef> decidedBy() {
            return Optional.empty();
        }

        @Override
        public String summary() {
            return applied.isEmpty() ? "allowed"
                : "allowed (" + applied.stream().map(RuleRef::toString).collect(java.util.stream.Collectors.joining(", ")) + ")";
        }
    }

    /**
     * Refuse the request with {@link #response()}: its status, {@code X-Porthole-Error: <code>} and a short plain-text
     * body saying what happened and what to do.
     *
     * @param reason what the rule found, e.g. "the X-Hub-Signature-256 header is missing"
     */
    record Refuse(RuleRef rule, RefusalCode code, String reason, PolicyResponse response) implements Decision {
        @Override
        public Optional<RuleRef> decidedBy() {
            return Optional.of(rule);
        }

        @Override
        public String summary() {
            return "refused by " + rule + ": " + reason;
        }
    }

    /** Answer with {@link #response()} (a fixed response) without reaching the local service. */
    record Answer(RuleRef rule, PolicyResponse response) implements Decision {
        @Override
        public Optional<RuleRef> decidedBy() {
            return Optional.of(rule);
        }

        @Override
        public String summary() {
            return "answered by " + rule + " with " + response.status();
        }
    }
}
