package dev.porthole.local.iam.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a request's condition keys hold. The local backend supplies only the keys in {@link #SUPPORTED_KEYS}; a
 * policy that names another key is refused when read ({@link PolicyException}), since evaluating it as absent
 * could allow or deny what AWS would not.
 *
 * @param caller the request's principal ({@code aws:PrincipalArn}, {@code aws:PrincipalAccount})
 * @param region the Region the request is for ({@code aws:RequestedRegion})
 * @param extra  service-specific keys of this request, such as {@code sts:RoleSessionName}
 */
public record RequestContext(Caller caller, String region, Map<String, String> extra) {
    public static final java.util.Set<String> SUPPORTED_KEYS = java.util.Set.of(
        "aws:principalarn", "aws:principalaccount", "aws:requestedregion", "sts:rolesessionname");

    public RequestContext {
        extra = Map.copyOf(extra);
    }

    public static RequestContext of(Caller caller, String region) {
        return new RequestContext(caller, region, Map.of());
    }

    public RequestContext with(String key, String value) {
        java.util.HashMap<String, String> more = new java.util.HashMap<>(extra);
        more.put(key.toLowerCase(Locale.ROOT), value);
        return new RequestContext(caller, region, more);
    }

    /** The key's value, or empty when the request does not have it (condition keys are case-insensitive). */
    Optional<String> value(String key) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "aws:principalarn" -> caller.principalArn();
            case "aws:principalaccount" -> caller.accountId();
            case "aws:requestedregion" -> Optional.of(region);
            default -> Optional.ofNullable(extra.get(key.toLowerCase(Locale.ROOT)));
        };
    }
}
