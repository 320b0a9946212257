package dev.porthole.local.iam.policy;

import java.util.Optional;

/**
 * Who a request comes from, as a policy's {@code Principal} element and condition keys see it.
 *
 * @param arn       the caller's own ARN ({@code arn:aws:sts::<account>:assumed-role/<role>/<session>},
 *                  {@code arn:aws:iam::<account>:root}); empty for a service
 * @param roleArn   for a role session, the role's ARN (what {@code aws:PrincipalArn} and a trust policy naming
 *                  the role match)
 * @param accountId the caller's account; empty for a service
 * @param service   for an AWS service principal such as {@code lambda.amazonaws.com}
 */
public record Caller(Optional<String> arn, Optional<String> roleArn, Optional<String> accountId, Optional<String> service) {

    public static Caller account(String arn, String accountId) {
        return new Caller(Optional.of(arn), Optional.empty(), Optional.of(accountId), Optional.empty());
    }

    public static Caller roleSession(String sessionArn, String roleArn, String accountId) {
        return new Caller(Optional.of(sessionArn), Optional.of(roleArn), Optional.of(accountId), Optional.empty());
    }

    public static Caller service(String servicePrincipal) {
        return new Caller(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(servicePrincipal));
    }

    /** What {@code aws:PrincipalArn} holds: the role's ARN for a role session, else the caller's ARN. */
    Optional<String> principalArn() {
        return roleArn.or(() -> arn);
    }
}
