package dev.porthole.local.iam.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One statement of a policy. {@code Action}/{@code NotAction} and {@code Resource}/{@code NotResource} hold
 * wildcard patterns; {@code Principal} (trust policies only) names who may use the statement.
 */
record Statement(boolean allow, List<String> actions, boolean notAction, List<String> resources, boolean notResource,
                 Optional<PrincipalElement> principal, List<Condition> conditions) {
    private static final Set<String> ELEMENTS = Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
        "Principal", "NotPrincipal", "Condition");
    private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+");

    static Statement parse(Object node, PolicyKind kind, String where) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new PolicyException(where + ": a statement must be an object");
        }
        for (Object element : map.keySet()) {
            if (!ELEMENTS.contains(String.valueOf(element))) {
                throw new PolicyException(where + ": unknown policy element " + element);
            }
        }
        Object sid = map.get("Sid");
        String at = sid == null ? where : where + " (Sid " + sid + ")";
        String effect = String.valueOf(map.get("Effect"));
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new PolicyException(at + ": Effect must be Allow or Deny, not " + effect);
        }
        boolean notAction = exactlyOne(map, "Action", "NotAction", at);
        List<String> actions = strings(map.get(notAction ? "NotAction" : "Action"), at);
        for (String action : actions) {
            if (!ACTION.matcher(action).matches()) {
                throw new PolicyException(at + ": " + action + " is not an action (service:Name, wildcards allowed)");
            }
        }
        if (map.containsKey("NotPrincipal")) {
            throw new PolicyException(at + ": NotPrincipal is not emulated by the local backend");
        }
        Optional<PrincipalElement> principal = Optional.empty();
        List<String> resources = List.of();
        boolean notResource = false;
        if (kind == PolicyKind.TRUST) {
            if (!map.containsKey("Principal")) {
                throw new PolicyException(at + ": a trust policy statement needs a Principal");
            }
            if (map.containsKey("Resource") || map.containsKey("NotResource")) {
                throw new PolicyException(at + ": a trust policy statement has no Resource (the role is the resource)");
            }
            principal = Optional.of(PrincipalElement.parse(map.get("Principal"), at));
        } else {
            if (map.containsKey("Principal")) {
                throw new PolicyException(at + ": an identity or session policy has no Principal");
            }
            notResource = exactlyOne(map, "Resource", "NotResource", at);
            resources = strings(map.get(notResource ? "NotResource" : "Resource"), at);
            for (String resource : resources) {
                if (!resource.equals("*") && !resource.startsWith("arn:")) {
                    throw new PolicyException(at + ": resource " + resource + " is neither * nor an ARN");
                }
                if (resource.contains("${")) {
                    throw new PolicyException(at + ": policy variables (" + resource + ") are not emulated by the local backend");
                }
            }
        }
        List<Condition> conditions = map.containsKey("Condition") ? Condition.parse(map.get("Condition"), at) : List.of();
        return new Statement(effect.equals("Allow"), actions, notAction, resources, notResource, principal, conditions);
    }

    /** Whether this statement applies to the request (its Effect is then the statement's say). */
    boolean applies(String action, Optional<String> resource, RequestContext context) {
        boolean actionListed = actions.stream().anyMatch(p -> Wildcards.matches(p, action, true));
        if (actionListed == notAction) {
            return false;
        }
        if (principal.isPresent() && !principal.get().matches(context.caller())) {
            return false;
        }
        if (resource.isPresent()) {
            boolean resourceListed = resources.stream().anyMatch(p -> Wildcards.matches(p, resource.get(), false));
            if (resourceListed == notResource) {
                return false;
            }
        }
        for (Condition condition : conditions) {
            if (!condition.holds(context)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exactlyOne(Map<?, ?> map, String element, String negated, String where) {
        boolean has = map.containsKey(element);
        boolean hasNot = map.containsKey(negated);
        if (has == hasNot) {
            throw new PolicyException(where + ": a statement needs exactly one of " + element + " and " + negated);
        }
        return hasNot;
    }

    static List<String> strings(Object node, String where) {
        if (node instanceof String s) {
            return List.of(s);
        }
        if (node instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(e -> e instanceof String)) {
            return list.stream().map(String::valueOf).toList();
        }
        throw new PolicyException(where + ": expected a string or a list of strings, got " + node);
    }

    /** The {@code Principal} element of a trust policy statement. */
    record PrincipalElement(boolean anyone, List<String> aws, List<String> services) {
        private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

        static PrincipalElement parse(Object node, String where) {
            if ("*".equals(node)) {
                return new PrincipalElement(true, List.of(), List.of());
            }
            if (!(node instanceof Map<?, ?> map)) {
                throw new PolicyException(where + ": Principal must be * or an object");
            }
            List<String> aws = List.of();
            List<String> services = List.of();
            for (var entry : map.entrySet()) {
                switch (String.valueOf(entry.getKey())) {
                    case "AWS" -> aws = strings(entry.getValue(), where);
                    case "Service" -> services = strings(entry.getValue(), where);
                    default -> throw new PolicyException(where + ": principal type " + entry.getKey()
                        + " is not emulated by the local backend (AWS and Service are)");
                }
            }
            for (String p : aws) {
                if (!p.equals("*") && !ACCOUNT.matcher(p).matches() && !p.startsWith("arn:")) {
                    throw new PolicyException(where + ": AWS principal " + p + " is neither *, an account ID nor an ARN");
                }
                if (!p.equals("*") && (p.contains("*") || p.contains("?"))) {
                    throw new PolicyException(where + ": wildcards are not allowed in an AWS principal (" + p + ")");
                }
            }
            return new PrincipalElement(false, aws, services);
        }

        boolean matches(Caller caller) {
            if (anyone) {
                return true;
            }
            for (String p : aws) {
                if (caller.accountId().isEmpty()) {
                    continue;
                }
                String account = caller.accountId().get();
                if (p.equals("*") || p.equals(account) || p.equals("arn:aws:iam::" + account + ":root")
                        || caller.arn().filter(p::equals).isPresent() || caller.roleArn().filter(p::equals).isPresent()) {
                    return true;
                }
            }
            return caller.service().filter(s -> services.stream().anyMatch(s::equalsIgnoreCase)).isPresent();
        }
    }

    @Override
    public String toString() {
        return (allow ? "Allow " : "Deny ") + (notAction ? "NotAction " : "") + actions
            + (principal.isPresent() ? "" : (notResource ? " NotResource " : " on ") + resources);
    }
}
