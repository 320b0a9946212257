package dev.porthole.agent.policy;

import dev.porthole.policy.HeaderEdits;
import dev.porthole.policy.InvalidPolicyException;
import dev.porthole.policy.RateLimit;
import dev.porthole.policy.RequestHeaders;
import dev.porthole.policy.ResponseHeaders;
import dev.porthole.policy.RestrictIps;
import dev.porthole.policy.Rule;
import dev.porthole.policy.Secret;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.policy.WebhookProvider;
import dev.porthole.policy.ip.IpRange;
import dev.porthole.protocol.Header;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line's policy flags as rules, in this order whatever the order of the flags: one {@code restrict-ips}
 * rule ({@code --allow-ip}, {@code --deny-ip}), the {@code verify-webhook} rules, the {@code rate-limit} rules, one
 * {@code request-headers} rule ({@code --remove-request-header} before {@code --add-request-header}) and one
 * {@code response-headers} rule. So addresses are refused first, then forged signatures, before anything is
 * counted against a limit. A {@code --policy} file's rules come after these: a file cannot undo a flag.
 *
 * @param verifyWebhooks {@code PROVIDER:SECRET} or {@code hmac-sha256:HEADER:SECRET}; a SECRET of {@code env:NAME}
 *                       is read from that environment variable
 * @param rateLimits     {@code N/s}, {@code N/min} or {@code N/h}, with {@code /ip} at the end to count each caller
 *                       IP address on its own
 */
public record PolicyFlags(List<String> allowIps, List<String> denyIps, List<String> addRequestHeaders,
                          List<String> removeRequestHeaders, List<String> addResponseHeaders, List<String> verifyWebhooks,
                          List<String> rateLimits) {
    private static final Pattern RATE = Pattern.compile("(\\d{1,7})/(s|min|h)(/ip)?");
    private static final String ENV_PREFIX = "env:";

    public PolicyFlags {
        allowIps = nonNull(allowIps);
        denyIps = nonNull(denyIps);
        addRequestHeaders = nonNull(addRequestHeaders);
        removeRequestHeaders = nonNull(removeRequestHeaders);
        addResponseHeaders = nonNull(addResponseHeaders);
        verifyWebhooks = nonNull(verifyWebhooks);
        rateLimits = nonNull(rateLimits);
    }

    private static List<String> nonNull(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    /** No policy flags given. */
    public static PolicyFlags none() {
        return new PolicyFlags(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * @param environment where {@code env:NAME} secrets come from
     * @throws IllegalArgumentException naming the flag and saying what is wrong; it never repeats a secret
     */
    public TrafficPolicy toPolicy(Function<String, String> environment) {
        List<Rule> rules = new ArrayList<>();
        if (!allowIps.isEmpty() || !denyIps.isEmpty()) {
            rules.add(RestrictIps.of(ranges("--allow-ip", allowIps), ranges("--deny-ip", denyIps)));
        }
        for (String value : verifyWebhooks) {
            rules.add(webhook(value, environment));
        }
        for (String value : rateLimits) {
            rules.add(rateLimit(value));
        }
        HeaderEdits requestEdits = edits("--remove-request-header", removeRequestHeaders, "--add-request-header", addRequestHeaders);
        if (requestEdits != null) {
            rules.add(RequestHeaders.of(requestEdits));
        }
        HeaderEdits responseEdits = edits(null, List.of(), "--add-response-header", addResponseHeaders);
        if (responseEdits != null) {
            rules.add(ResponseHeaders.of(responseEdits));
        }
        try {
            return TrafficPolicy.of(rules);
        } catch (InvalidPolicyException e) {
            throw new IllegalArgumentException("the policy flags: " + e.getMessage(), e);
        }
    }

    private static List<IpRange> ranges(String flag, List<String> values) {
        List<IpRange> out = new ArrayList<>();
        for (String value : values) {
            try {
                out.add(IpRange.parse(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + " " + value + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static VerifyWebhook webhook(String value, Function<String, String> environment) {
        String flag = "--verify-webhook";
        int colon = value.indexOf(':');
        String providerName = colon < 0 ? value : value.substring(0, colon);
        WebhookProvider provider = WebhookProvider.fromWireName(providerName).orElseThrow(() -> new IllegalArgumentException(
            flag + ": \"" + providerName + "\" is not a provider Porthole knows; use " + WebhookProvider.choices()
                + ", as in github:env:GITHUB_WEBHOOK_SECRET"));
        String rest = colon < 0 ? "" : value.substring(colon + 1);
        String header = null;
        if (provider == WebhookProvider.HMAC_SHA256) {
            int headerEnd = rest.indexOf(':');
            if (headerEnd <= 0) {
                throw new IllegalArgumentException(flag + " hmac-sha256 needs the signature's header and the secret: "
                    + "hmac-sha256:X-Signature:env:SIGNING_SECRET");
            }
            header = rest.substring(0, headerEnd);
            rest = rest.substring(headerEnd + 1);
        }
        String shown = providerName + (header == null ? "" : ":" + header);
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " " + shown + " needs the secret after a colon: " + shown
                + ":env:NAME takes it from the environment variable NAME (kept out of the process list), " + shown + ":SECRET takes it as written");
        }
        String secret = rest;
        if (rest.startsWith(ENV_PREFIX)) {
            String variable = rest.substring(ENV_PREFIX.length());
            secret = variable.isEmpty() ? null : environment.apply(variable);
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException(flag + " " + shown + ":" + rest + ": the environment variable "
                    + (variable.isEmpty() ? "name is missing" : variable + " is not set (or is empty)"));
            }
        }
        try {
            Secret s = Secret.of(secret);
            return header == null ? VerifyWebhook.of(provider, s) : VerifyWebhook.hmacSha256(header, s);
        } catch (InvalidPolicyException e) {
            throw new IllegalArgumentException(flag + " " + shown + ": " + e.getMessage(), e);
        }
    }

    private static RateLimit rateLimit(String value) {
        Matcher m = RATE.matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--rate-limit " + value + ": write it as N/min (or N/s, N/h), with /ip at the end to count "
                + "each caller address on its own, e.g. 60/min or 10/min/ip");
        }
        RateLimit.Window per = RateLimit.Window.fromUnit(m.group(2)).orElseThrow();
        try {
            int limit = Integer.parseInt(m.group(1));
            return m.group(3) == null ? RateLimit.perTunnel(limit, per) : RateLimit.perCallerIp(limit, per);
        } catch (InvalidPolicyException e) {
            throw new IllegalArgumentException("--rate-limit " + value + ": " + e.getMessage(), e);
        }
    }

    /** The removals then the additions as one set of edits, or null when there are none. */
    private static HeaderEdits edits(String removeFlag, List<String> removals, String addFlag, List<String> additions) {
        if (removals.isEmpty() && additions.isEmpty()) {
            return null;
        }
        List<Header> lines = new ArrayList<>();
        for (String value : additions) {
            int colon = value.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(addFlag + " \"" + value + "\": write it as \"Name: value\"");
            }
            lines.add(new Header(value.substring(0, colon).strip(), value.substring(colon + 1).strip()));
        }
        try {
            return new HeaderEdits(removals.stream().map(String::strip).toList(), List.of(), lines);
        } catch (InvalidPolicyException e) {
            String flag = e.pointer().startsWith("/remove") ? removeFlag : addFlag;
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }
}
