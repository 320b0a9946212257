package dev.porthole.policy.engine;

import dev.porthole.policy.Deny;
import dev.porthole.policy.FallbackResponse;
import dev.porthole.policy.FixedResponse;
import dev.porthole.policy.HeaderEdits;
import dev.porthole.policy.PolicyRequest;
import dev.porthole.policy.RateLimit;
import dev.porthole.policy.RequestHeaders;
import dev.porthole.policy.RequestRule;
import dev.porthole.policy.ResponseHeaders;
import dev.porthole.policy.RestrictIps;
import dev.porthole.policy.Rule;
import dev.porthole.policy.StaticResponse;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.Unavailability;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.policy.ip.IpAddresses;
import dev.porthole.policy.path.PathPattern;
import dev.porthole.policy.ratelimit.RateLimiter;
import dev.porthole.policy.webhook.Verification;
import dev.porthole.policy.webhook.WebhookVerifier;
import dev.porthole.protocol.HttpHeaders;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@link TrafficPolicy} on a request. The request rules run in order, on the requests their match selects:
 *
 * <ul>
 *   <li>checks ({@code restrict-ips}, {@code verify-webhook}, {@code rate-limit}) refuse the request or let it
 *       continue to the next rule; {@code deny} refuses it and {@code fixed-response} answers it. The first rule that
 *       refuses or answers decides, and the rules after it do not run (a later rate limit does not count the request);
 *   <li>header rules accumulate: {@code request-headers} edits what the local service will get, in order, and
 *       {@code response-headers} rules are collected, in order, for the response;
 *   <li>checks always see the request as the caller sent it (a signature covers what the provider sent, not what a
 *       rule made of it).
 * </ul>
 *
 * When no rule decides, the request is {@linkplain Decision.Forward forwarded}. The backend keeps one engine (and so
 * one {@link RateLimiter}) per execution environment; the app's live check makes one with a fresh limiter per check.
 */
public final class PolicyEngine {
    private static final int SHOWN_PATH_LENGTH = 200;

    private final RateLimiter limiter;

    public PolicyEngine(RateLimiter limiter) {
        this.limiter = limiter;
    }

    public Decision decide(TrafficPolicy policy, PolicyRequest request) {
        String path = PathPattern.canonical(request.path());
        HttpHeaders forwarded = request.headers();
        List<HeaderEdits> responseEdits = new ArrayList<>();
        List<RuleRef> applied = new ArrayList<>();
        List<Rule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) {
            if (!(rules.get(i) instanceof RequestRule rule) || !rule.match().matches(request.method(), path)) {
                continue;
            }
            RuleRef ref = RuleRef.of(i, rule);
            switch (rule) {
                case RestrictIps r -> {
                    Optional<InetAddress> caller = IpAddresses.parse(request.sourceIp());
                    if (caller.isEmpty() || !r.admits(caller.get())) {
                        return ipDenied(ref, request, caller);
                    }
                }
                case VerifyWebhook r -> {
                    Verification verification = WebhookVerifier.forRule(r).verify(request);
                    if (!verification.isValid()) {
                        return signatureInvalid(ref, request, r, verification.problem().orElseThrow());
                    }
                }
                case RateLimit r -> {
                    RateLimiter.Outcome outcome = count(ref, r, request);
                    if (!outcome.allowed()) {
                        return rateLimited(ref, request, r, outcome);
                    }
                }
                case Deny ignored -> {
                    return denied(ref, request);
                }
                case FixedResponse r -> {
                    return new Decision.Answer(ref, toResponse(r.response()));
                }
                case RequestHeaders r -> forwarded = r.edits().applyTo(forwarded);
                case ResponseHeaders r -> responseEdits.add(r.edits());
            }
            applied.add(ref);
        }
        return new Decision.Forward(forwarded, responseEdits, applied);
    }

    /**
     * The policy's answer when the local service cannot give one ({@link Unavailability#ofErrorCode} tells which
     * situation an {@code X-Porthole-Error} code is), or empty to keep Porthole's own. The answer keeps the original
     * code in {@code X-Porthole-Error}, so scripts still see what happened.
     */
    public Optional<Decision.Answer> fallback(TrafficPolicy policy, Unavailability why, String errorCode) {
        Optional<FallbackResponse> fallback = policy.fallbackFor(why);
        if (fallback.isEmpty()) {
            return Optional.empty();
        }
        int index = policy.rules().indexOf(fallback.get());
        PolicyResponse response = toResponse(fallback.get().response());
        HttpHeaders headers = errorCode == null || errorCode.isEmpty() ? response.headers() : response.headers().with("x-porthole-error", errorCode);
        return Optional.of(new Decision.Answer(RuleRef.of(index, fallback.get()), new PolicyResponse(response.status(), headers, response.body())));
    }

    private RateLimiter.Outcome count(RuleRef ref, RateLimit rule, PolicyRequest request) {
        String key = request.tunnelId() + "\n" + ref.index() + "\n" + rule.limit() + "/" + rule.per().wireName();
        if (rule.by() == RateLimit.Scope.TUNNEL) {
            return limiter.tryAcquire(RateLimiter.KeyKind.TUNNEL, key, rule.limit(), rule.per().length(), request.now());
        }
        String caller = IpAddresses.parse(request.sourceIp()).map(PolicyEngine::callerKey).orElse("unknown");
        return limiter.tryAcquire(RateLimiter.KeyKind.CALLER, key + "\n" + caller, rule.limit(), rule.per().length(), request.now());
    }

    /** An IPv4 address, or an IPv6 address's /64: one host usually has a whole /64 to pick addresses from. */
    static String callerKey(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        return HexFormat.of().formatHex(bytes, 0, 8) + "/64";
    }

    private static PolicyResponse toResponse(StaticResponse response) {
        return new PolicyResponse(response.status(), response.effectiveHeaders(), response.bodyBytes());
    }

    private static Decision ipDenied(RuleRef ref, PolicyRequest request, Optional<InetAddress> caller) {
        // the address as API Gateway wrote it (a parsed IPv6 address would print in its long form)
        String address = request.sourceIp();
        String reason = caller.map(a -> "the caller's address " + address + " is not allowed")
            .orElse("the caller's address is unknown");
        String what = caller
            .map(a -> "Porthole: tunnel \"" + request.tunnelId() + "\" does not accept requests from " + address)
            .orElse("Porthole: tunnel \"" + request.tunnelId() + "\" accepts requests only from certain addresses, and this one could not be read");
        return refuse(ref, RefusalCode.IP_DENIED, reason, what + " (" + ref + ").",
            "If you should have access, ask the tunnel's owner to allow your address.", HttpHeaders.EMPTY);
    }

    private static Decision signatureInvalid(RuleRef ref, PolicyRequest request, VerifyWebhook rule, String problem) {
        String provider = rule.provider().displayName();
        return refuse(ref, RefusalCode.WEBHOOK_SIGNATURE_INVALID, problem,
            "Porthole: tunnel \"" + request.tunnelId() + "\" accepts only " + provider + " webhooks signed with its secret, and "
                + problem + " (" + ref + ").",
            "Check that the secret set at " + provider + " is the tunnel's, and that the request reaches the tunnel's URL unchanged.",
            HttpHeaders.EMPTY);
    }

    private static Decision rateLimited(RuleRef ref, PolicyRequest request, RateLimit rule, RateLimiter.Outcome outcome) {
        long seconds = outcome.retryAfter().toSeconds();
        String limit = rule.limit() + " request" + (rule.limit() == 1 ? "" : "s") + " per " + rule.per().wireName()
            + (rule.by() == RateLimit.Scope.CALLER_IP ? " from each address" : "");
        return refuse(ref, RefusalCode.RATE_LIMITED, "over " + limit,
            "Porthole: tunnel \"" + request.tunnelId() + "\" accepts at most " + limit + ", and this request is over the limit (" + ref + ").",
            "Retry after " + seconds + " s.", HttpHeaders.of("retry-after", Long.toString(seconds)));
    }

    private static Decision denied(RuleRef ref, PolicyRequest request) {
        String path = request.path().length() > SHOWN_PATH_LENGTH ? request.path().substring(0, SHOWN_PATH_LENGTH) + "…" : request.path();
        return refuse(ref, RefusalCode.DENIED, request.method() + " " + path + " is denied",
            "Porthole: tunnel \"" + request.tunnelId() + "\" refuses " + request.method() + " " + path + " (" + ref + ").",
            "Ask the tunnel's owner if you should have access.", HttpHeaders.EMPTY);
    }

    private static Decision refuse(RuleRef ref, RefusalCode code, String reason, String what, String next, HttpHeaders extra) {
        List<dev.porthole.protocol.Header> lines = new ArrayList<>(List.of(
            new dev.porthole.protocol.Header("content-type", "text/plain; charset=utf-8"),
            new dev.porthole.protocol.Header("cache-control", "no-store"),
            new dev.porthole.protocol.Header("x-porthole-error", code.code())));
        lines.addAll(extra.lines());
        byte[] body = (what + "\n" + next + "\n").getBytes(StandardCharsets.UTF_8);
        return new Decision.Refuse(ref, code, reason, new PolicyResponse(code.status(), HttpHeaders.of(lines), body));
    }
}
