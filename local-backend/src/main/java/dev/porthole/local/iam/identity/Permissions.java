package dev.porthole.local.iam.identity;

import dev.porthole.local.iam.policy.Effect;
import dev.porthole.local.iam.policy.PolicyDocument;
import dev.porthole.local.iam.policy.RequestContext;

import java.util.List;

/**
 * IAM's decision for a request within one account, from the principal's identity policies and its session's
 * policies (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an
 * explicit Deny in any of them wins; otherwise an identity policy must allow, and when the session has session
 * policies, one of them must allow too (the session's permissions are the intersection).
 */
public final class Permissions {
    private final String region;

    public Permissions(String region) {
        this.region = region;
    }

    public Decision check(Principal principal, String action, String resource) {
        return check(principal, action, resource, RequestContext.of(principal.caller(), region));
    }

    public Decision check(Principal principal, String action, String resource, RequestContext context) {
        return switch (principal) {
            case Principal.Administrator administrator -> Decision.allowed();
            case Principal.RoleSession session -> check(session, action, resource, context);
        };
    }

    private static Decision check(Principal.RoleSession session, String action, String resource, RequestContext context) {
        Effect identity = combined(session.role().policies(), action, resource, context);
        Effect sessionPolicies = session.sessionPolicies().isEmpty() ? Effect.ALLOW
            : combined(session.sessionPolicies(), action, resource, context);
        if (identity == Effect.DENY) {
            return new Decision.Denied("with an explicit deny in an identity-based policy");
        }
        if (sessionPolicies == Effect.DENY) {
            return new Decision.Denied("with an explicit deny in a session policy");
        }
        if (identity != Effect.ALLOW) {
            return new Decision.Denied("because no identity-based policy allows the " + action + " action");
        }
        if (sessionPolicies != Effect.ALLOW) {
            return new Decision.Denied("because no session policy allows the " + action + " action");
        }
        return Decision.allowed();
    }

    private static Effect combined(List<PolicyDocument> policies, String action, String resource, RequestContext context) {
        Effect result = Effect.NONE;
        for (PolicyDocument policy : policies) {
            Effect effect = policy.evaluate(action, resource, context);
            if (effect == Effect.DENY) {
                return Effect.DENY;
            }
            if (effect == Effect.ALLOW) {
                result = Effect.ALLOW;
            }
        }
        return result;
    }

    public String region() {
        return region;
    }
}
