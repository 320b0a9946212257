package dev.porthole.local.iam.policy;

/** Where a policy is attached, which decides the elements it must and must not have. */
public enum PolicyKind {
    /** attached to a role (inline, {@code AWS::IAM::Policy} or managed): Action and Resource, no Principal */
    IDENTITY,
    /** a role's {@code AssumeRolePolicyDocument}: Principal and Action, no Resource */
    TRUST,
    /** AssumeRole's {@code Policy} parameter: shaped like an identity policy */
    SESSION
}
