package dev.porthole.local.iam.identity;

import dev.porthole.local.iam.policy.Caller;
import dev.porthole.local.iam.policy.PolicyDocument;

import java.util.List;

/** Who holds a set of credentials the emulator issued. */
public sealed interface Principal {

    /** The ARN AWS names the caller by in error messages and in {@code GetCallerIdentity}. */
    String arn();

    /** The caller as policies see it. */
    Caller caller();

    /**
     * The emulator itself (it creates the table, and tests use it to inspect what the function stored): allowed
     * everything, like an account's root user. It may not assume roles, as a root user may not.
     */
    record Administrator(String accountId) implements Principal {
        @Override
        public String arn() {
            return "arn:aws:iam::" + accountId + ":root";
        }

        @Override
        public Caller caller() {
            return Caller.account(arn(), accountId);
        }
    }

    /**
     * A session of a role: the function's own (Lambda assumes its execution role), or one from STS AssumeRole.
     *
     * @param sessionPolicies the {@code Policy} given to AssumeRole, if any: the session may do only what both the
     *                        role's policies and these allow
     */
    record RoleSession(Role role, String sessionName, List<PolicyDocument> sessionPolicies) implements Principal {
        public RoleSession {
            sessionPolicies = List.copyOf(sessionPolicies);
        }

        @Override
        public String arn() {
            return "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + sessionName;
        }

        /** {@code <role ID>:<session name>}, as {@code AssumedRoleUser.AssumedRoleId}. */
        public String assumedRoleId() {
            return role.roleId() + ":" + sessionName;
        }

        @Override
        public Caller caller() {
            return Caller.roleSession(arn(), role.arn(), role.accountId());
        }
    }
}
