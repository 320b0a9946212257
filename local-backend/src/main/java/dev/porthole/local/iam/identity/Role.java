package dev.porthole.local.iam.identity;

import dev.porthole.local.iam.policy.PolicyDocument;

import java.time.Duration;
import java.util.List;

/**
 * An IAM role of the template.
 *
 * @param roleId             the role's unique ID ({@code AROA...}), part of an assumed role's ID
 * @param trustPolicy        its {@code AssumeRolePolicyDocument}: who may assume it
 * @param policies           every identity policy attached to it: inline, {@code AWS::IAM::Policy} and managed
 * @param maxSessionDuration {@code MaxSessionDuration} (one hour unless the template says otherwise)
 */
public record Role(String logicalId, String name, String arn, String roleId, PolicyDocument trustPolicy,
                   List<PolicyDocument> policies, Duration maxSessionDuration) {

    public Role {
        policies = List.copyOf(policies);
    }

    /** The account the role belongs to, from its ARN ({@code arn:aws:iam::<account>:role/...}). */
    public String accountId() {
        return arn.split(":")[4];
    }
}
