package dev.porthole.policy;

import dev.porthole.policy.ip.IpRange;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Refuses callers by their source IP address, as API Gateway saw the connection (never an {@code X-Forwarded-For}
 * the caller could write): a caller in a {@code deny} range is refused; with {@code allow} ranges, so is a caller in
 * none of them. Refusal: 403 {@code ip-denied}.
 */
public record RestrictIps(RequestMatch match, List<IpRange> allow, List<IpRange> deny) implements RequestRule {
    public static final String KIND = "restrict-ips";

    public RestrictIps {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        if (allow.isEmpty() && deny.isEmpty()) {
            throw InvalidPolicyException.at("", "give at least one range to allow or deny");
        }
    }

    public static RestrictIps of(List<IpRange> allow, List<IpRange> deny) {
        return new RestrictIps(RequestMatch.any(), allow, deny);
    }

    public static RestrictIps allowOnly(List<IpRange> allow) {
        return new RestrictIps(RequestMatch.any(), allow, List.of());
    }

    public static RestrictIps denying(List<IpRange> deny) {
        return new RestrictIps(RequestMatch.any(), List.of(), deny);
    }

    public RestrictIps matching(RequestMatch newMatch) {
        return new RestrictIps(newMatch, allow, deny);
    }

    /** Whether a caller at this address gets through. */
    public boolean admits(InetAddress caller) {
        if (deny.stream().anyMatch(range -> range.contains(caller))) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(range -> range.contains(caller));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String describe() {
        String allowed = allow.isEmpty() ? "" : "allow " + allow.stream().map(IpRange::toString).collect(Collectors.joining(", "));
        String denied = deny.isEmpty() ? "" : "deny " + deny.stream().map(IpRange::toString).collect(Collectors.joining(", "));
        return (allowed + (allowed.isEmpty() || denied.isEmpty() ? "" : "; ") + denied);
    }
}
