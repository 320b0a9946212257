package dev.porthole.backend.forward;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.porthole.policy.PolicyRequest;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.Unavailability;
import dev.porthole.policy.engine.Decision;
import dev.porthole.policy.engine.PolicyEngine;
import dev.porthole.policy.engine.PolicyResponse;
import dev.porthole.policy.ratelimit.RateLimiter;
import dev.porthole.protocol.ResponseHead;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tunnel's traffic rules as the function runs them, and their answers as HTTP API responses. The rate-limit counts
 * live in memory, with no table call per request (docs/agent.md, "How exact rate limits are"): one limiter per
 * loaded function, which on AWS is one per execution environment (a JVM each), and in the local backend, whose
 * environments share one class loader unless it runs like AWS, one for the whole process — so its limits are exact.
 */
final class TrafficRules {
    private static final PolicyEngine ENGINE = new PolicyEngine(new RateLimiter());
    private final PolicyEngine engine = ENGINE;

    Decision decide(TrafficPolicy rules, PolicyRequest request) {
        return engine.decide(rules, request);
    }

    /**
     * The rules' fallback response in place of {@code original}, when {@code original} is one of Porthole's answers
     * for an offline tunnel or a local service that is down (its {@code X-Porthole-Error} says which) and the rules
     * have a fallback for that; otherwise empty.
     */
    Optional<Decision.Answer> fallback(TrafficPolicy rules, APIGatewayV2HTTPResponse original) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        String code = errorCode(original);
        return Unavailability.ofErrorCode(code).flatMap(why -> engine.fallback(rules, why, code));
    }

    static String errorCode(APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = response.getHeaders();
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(ErrorResponses.ERROR_HEADER))
            .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** A refusal, fixed response or fallback as the caller gets it: status, exactly its own headers, its text body. */
    static APIGatewayV2HTTPResponse toResponse(PolicyResponse response) {
        ResponseHead head = new ResponseHead("rule", response.status(), response.headers(), 0, "", false);
        // rules' bodies are at most 32 KB of text: always within Lambda's payload limit
        return HttpApiResponses.from(head, response.body(), List.of(), 0).orElseThrow();
    }
}
