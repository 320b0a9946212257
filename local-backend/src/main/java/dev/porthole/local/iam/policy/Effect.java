package dev.porthole.local.iam.policy;

/** What a set of statements says about one request. */
public enum Effect {
    ALLOW, DENY,
    /** no statement applies: an implicit deny unless another policy allows */
    NONE
}
