package dev.porthole.local.iam.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IAM's evaluation of one policy, and refusal of what it would evaluate differently. */
class PolicyEvaluationTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/porthole-local-Table";
    private static final Caller FUNCTION = Caller.roleSession("arn:aws:sts::000000000000:assumed-role/fn/s",
        "arn:aws:iam::000000000000:role/fn", "000000000000");
    private static final RequestContext CONTEXT = RequestContext.of(FUNCTION, "us-east-1");

    @Test
    void actionsMatchWithoutCaseAndWithWildcardsResourcesExactly() {
        PolicyDocument policy = identity(Map.of("Effect", "Allow", "Action", List.of("dynamodb:Get*", "dynamodb:?utItem"), "Resource", TABLE));

        assertThat(policy.evaluate("dynamodb:GetItem", TABLE, CONTEXT)).isEqualTo(Effect.ALLOW);
        assertThat(policy.evaluate("DynamoDB:getitem", TABLE, CONTEXT)).as("actions ignore case").isEqualTo(Effect.ALLOW);
        assertThat(policy.evaluate("dynamodb:PutItem", TABLE, CONTEXT)).isEqualTo(Effect.ALLOW);
        assertThat(policy.evaluate("dynamodb:Scan", TABLE, CONTEXT)).isEqualTo(Effect.NONE);
        assertThat(policy.evaluate("dynamodb:GetItem", TABLE.toLowerCase(), CONTEXT)).as("resources do not").isEqualTo(Effect.NONE);
        assertThat(policy.evaluate("dynamodb:GetItem", TABLE + "/index/byOwner", CONTEXT)).as("a table's ARN does not cover its indexes").isEqualTo(Effect.NONE);
    }

    @Test
    void aStarInAResourceCrossesSlashesAndColons() {
        PolicyDocument policy = identity(Map.of("Effect", "Allow", "Action", "execute-api:ManageConnections",
            "Resource", "arn:aws:execute-api:us-east-1:000000000000:api/local/POST/@connections/*"));

        assertThat(policy.evaluate("execute-api:ManageConnections", "arn:aws:execute-api:us-east-1:000000000000:api/local/POST/@connections/R0o/X=", CONTEXT))
            .isEqualTo(Effect.ALLOW);
        assertThat(policy.evaluate("execute-api:ManageConnections", "arn:aws:execute-api:us-east-1:000000000000:api/local/DELETE/@connections/R0oX=", CONTEXT))
            .isEqualTo(Effect.NONE);
    }

    @Test
    void anExplicitDenyWinsOverAnyAllow() {
        PolicyDocument policy = PolicyDocument.of(Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Effect", "Allow", "Action", "dynamodb:*", "Resource", "*"),
            Map.of("Effect", "Deny", "Action", "dynamodb:DeleteItem", "Resource", TABLE))), PolicyKind.IDENTITY, "test");

        assertThat(policy.evaluate("dynamodb:GetItem", TABLE, CONTEXT)).isEqualTo(Effect.ALLOW);
        assertThat(policy.evaluate("dynamodb:DeleteItem", TABLE, CONTEXT)).isEqualTo(Effect.DENY);
    }

    @Test
    void notActionAndNotResourceMatchEverythingElse() {
        PolicyDocument notAction = identity(Map.of("Effect", "Allow", "NotAction", "dynamodb:Scan", "Resource", TABLE));
        PolicyDocument notResource = identity(Map.of("Effect", "Allow", "Action", "dynamodb:GetItem", "NotResource", TABLE));

        assertThat(notAction.evaluate("dynamodb:Query", TABLE, CONTEXT)).isEqualTo(Effect.ALLOW);
        assertThat(notAction.evaluate("dynamodb:Scan", TABLE, CONTEXT)).isEqualTo(Effect.NONE);
        assertThat(notResource.evaluate("dynamodb:GetItem", TABLE, CONTEXT)).isEqualTo(Effect.NONE);
        assertThat(notResource.evaluate("dynamodb:GetItem", TABLE + "-other", CONTEXT)).isEqualTo(Effect.ALLOW);
    }

    @Test
    void conditionsOnSuppliedKeysAreEvaluatedAsIamDoes() {
        PolicyDocument policy = identity(Map.of("Effect", "Allow", "Action", "dynamodb:GetItem", "Resource", TABLE,
            "Condition", Map.of("ArnLike", Map.of("aws:PrincipalArn", "arn:aws:iam::000000000000:role/f*"),
                "StringEquals", Map.of("aws:RequestedRegion", List.of("eu-west-1", "us-east-1")))));
        PolicyDocument ifExists = identity(Map.of("Effect", "Allow", "Action", "sts:AssumeRole", "Resource", "*",
            "Condition", Map.of("StringLikeIfExists", Map.of("sts:RoleSessionName", "relay-*"))));
        PolicyDocument absent = identity(Map.of("Effect", "Allow", "Action", "sts:AssumeRole", "Resource", "*",
            "Condition", Map.of("StringLike", Map.of("sts:RoleSessionName", "relay-*"))));

        assertThat(policy.evaluate("dynamodb:GetItem", TABLE, CONTEXT)).isEqualTo(Effect.ALLOW);
        assertThat(policy.evaluate("dynamodb:GetItem", TABLE, RequestContext.of(FUNCTION, "ap-south-1"))).isEqualTo(Effect.NONE);
        assertThat(ifExists.evaluate("sts:AssumeRole", "arn:x", CONTEXT)).as("IfExists passes an absent key").isEqualTo(Effect.ALLOW);
        assertThat(absent.evaluate("sts:AssumeRole", "arn:x", CONTEXT)).as("an absent key fails a positive operator").isEqualTo(Effect.NONE);
        assertThat(absent.evaluate("sts:AssumeRole", "arn:x", CONTEXT.with("sts:RoleSessionName", "relay-1"))).isEqualTo(Effect.ALLOW);
        assertThat(absent.evaluate("sts:AssumeRole", "arn:x", CONTEXT.with("sts:RoleSessionName", "other"))).isEqualTo(Effect.NONE);
    }

    @Test
    void whatCannotBeEvaluatedAsIamWouldIsRefusedWhenRead() {
        assertThatThrownBy(() -> identity(Map.of("Effect", "Allow", "Action", "dynamodb:Query", "Resource", TABLE,
            "Condition", Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", "T#a")))))
            .isInstanceOf(PolicyException.class).hasMessageContaining("ForAllValues:StringEquals is not emulated");
        assertThatThrownBy(() -> identity(Map.of("Effect", "Allow", "Action", "dynamodb:Query", "Resource", TABLE,
            "Condition", Map.of("StringEquals", Map.of("aws:SourceIp", "10.0.0.1")))))
            .isInstanceOf(PolicyException.class).hasMessageContaining("condition key aws:SourceIp is not emulated");
        assertThatThrownBy(() -> identity(Map.of("Effect", "Allow", "Action", "dynamodb:Query", "Resource", TABLE,
            "Condition", Map.of("IpAddress", Map.of("aws:PrincipalArn", "x")))))
            .isInstanceOf(PolicyException.class).hasMessageContaining("condition operator IpAddress is not emulated");
        assertThatThrownBy(() -> identity(Map.of("Effect", "Allow", "Action", "s3:GetObject", "Resource", "arn:aws:s3:::b/${aws:username}/*")))
            .isInstanceOf(PolicyException.class).hasMessageContaining("policy variables");
        assertThatThrownBy(() -> identity(Map.of("Effect", "Allow", "Action", "dynamodb:Query")))
            .isInstanceOf(PolicyException.class).hasMessageContaining("exactly one of Resource and NotResource");
        assertThatThrownBy(() -> PolicyDocument.parseJson("{\"Version\":\"2012-10-17\",\"Statement\":[", PolicyKind.SESSION, "session"))
            .isInstanceOf(PolicyException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void aTrustPolicyMatchesTheRoleItNamesAndAServiceItNames() {
        PolicyDocument trust = PolicyDocument.of(Map.of("Version", "2012-10-17", "Statement", List.of(
            Map.of("Effect", "Allow", "Principal", Map.of("AWS", "arn:aws:iam::000000000000:role/fn"), "Action", "sts:AssumeRole"),
            Map.of("Effect", "Allow", "Principal", Map.of("Service", "lambda.amazonaws.com"), "Action", "sts:AssumeRole"))),
            PolicyKind.TRUST, "trust");
        Caller other = Caller.roleSession("arn:aws:sts::000000000000:assumed-role/other/s", "arn:aws:iam::000000000000:role/other", "000000000000");

        assertThat(trust.evaluateTrust("sts:AssumeRole", CONTEXT)).as("a session of the named role").isEqualTo(Effect.ALLOW);
        assertThat(trust.evaluateTrust("sts:AssumeRole", RequestContext.of(other, "us-east-1"))).isEqualTo(Effect.NONE);
        assertThat(trust.evaluateTrust("sts:AssumeRole", RequestContext.of(Caller.service("lambda.amazonaws.com"), "us-east-1"))).isEqualTo(Effect.ALLOW);
        assertThat(trust.evaluateTrust("sts:TagSession", CONTEXT)).isEqualTo(Effect.NONE);
    }

    private static PolicyDocument identity(Map<String, Object> statement) {
        return PolicyDocument.of(Map.of("Version", "2012-10-17", "Statement", List.of(statement)), PolicyKind.IDENTITY, "test");
    }
}
