package dev.porthole.local.iam.identity;

import dev.porthole.local.iam.policy.PolicyDocument;
import dev.porthole.local.iam.policy.PolicyException;
import dev.porthole.local.iam.policy.PolicyKind;
import dev.porthole.template.Intrinsics;
import dev.porthole.template.Resource;
import dev.porthole.template.Template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The template's IAM roles with every policy attached to them: a role's inline {@code Policies}, the
 * {@code AWS::IAM::Policy} and {@code AWS::IAM::ManagedPolicy} resources that name it in {@code Roles}, and the
 * template's managed policies it lists in {@code ManagedPolicyArns}. Intrinsics are resolved with the local
 * stack's values. What cannot be emulated (AWS managed policies, permissions boundaries, users and groups)
 * fails here, at start, with a message naming it.
 */
public final class TemplateRoles {
    private static final Set<String> ROLE_PROPERTIES = Set.of("AssumeRolePolicyDocument", "Policies", "ManagedPolicyArns",
        "MaxSessionDuration", "RoleName", "Path", "Description", "Tags");
    private final Map<String, Role> byArn;

    private TemplateRoles(Map<String, Role> byArn) {
        this.byArn = byArn;
    }

    public static TemplateRoles read(Template template, Intrinsics intrinsics) {
        Map<String, String> arnByName = new HashMap<>();
        Map<String, List<PolicyDocument>> attached = new LinkedHashMap<>();
        Map<String, PolicyDocument> managed = new HashMap<>();
        for (Resource resource : included(template, intrinsics, "AWS::IAM::Role")) {
            attached.put(resource.logicalId(), new ArrayList<>());
            arnByName.put(ref(intrinsics, resource), resource.logicalId());
        }
        for (Resource resource : included(template, intrinsics, "AWS::IAM::ManagedPolicy")) {
            PolicyDocument policy = PolicyDocument.of(intrinsics.resolve(resource.property("PolicyDocument")), PolicyKind.IDENTITY,
                resource.logicalId());
            managed.put(arn(intrinsics, resource), policy);
            attachTo(resource, policy, intrinsics, arnByName, attached);
        }
        for (Resource resource : included(template, intrinsics, "AWS::IAM::Policy")) {
            String name = resource.logicalId() + " (" + intrinsics.resolve(resource.property("PolicyName")) + ")";
            PolicyDocument policy = PolicyDocument.of(intrinsics.resolve(resource.property("PolicyDocument")), PolicyKind.IDENTITY, name);
            attachTo(resource, policy, intrinsics, arnByName, attached);
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        for (Resource resource : included(template, intrinsics, "AWS::IAM::Role")) {
            for (String property : resource.properties().keySet()) {
                if (!ROLE_PROPERTIES.contains(property)) {
                    throw new PolicyException(resource.logicalId() + ": role property " + property + " is not emulated by the local backend");
                }
            }
            List<PolicyDocument> policies = new ArrayList<>();
            for (Object inline : list(intrinsics.resolve(resource.property("Policies")))) {
                Map<?, ?> p = (Map<?, ?>) inline;
                policies.add(PolicyDocument.of(p.get("PolicyDocument"), PolicyKind.IDENTITY,
                    resource.logicalId() + " policy " + p.get("PolicyName")));
            }
            for (Object managedArn : list(intrinsics.resolve(resource.property("ManagedPolicyArns")))) {
                PolicyDocument policy = managed.get(String.valueOf(managedArn));
                if (policy == null) {
                    throw new PolicyException(resource.logicalId() + ": managed policy " + managedArn
                        + " is not in the template, so the local backend cannot know what it allows");
                }
                policies.add(policy);
            }
            policies.addAll(attached.get(resource.logicalId()));
            String arn = arn(intrinsics, resource);
            Object maxSession = resource.property("MaxSessionDuration");
            roles.put(arn, new Role(resource.logicalId(), ref(intrinsics, resource), arn, roleId(arn),
                PolicyDocument.of(intrinsics.resolve(resource.property("AssumeRolePolicyDocument")), PolicyKind.TRUST,
                    resource.logicalId() + " AssumeRolePolicyDocument"),
                policies,
                Duration.ofSeconds(maxSession == null ? 3600 : Long.parseLong(String.valueOf(intrinsics.resolve(maxSession))))));
        }
        return new TemplateRoles(Map.copyOf(roles));
    }

    public Optional<Role> byArn(String arn) {
        return Optional.ofNullable(byArn.get(arn));
    }

    public List<Role> all() {
        return List.copyOf(byArn.values());
    }

    private static void attachTo(Resource resource, PolicyDocument policy, Intrinsics intrinsics, Map<String, String> roleByName,
                                 Map<String, List<PolicyDocument>> attached) {
        for (String other : List.of("Users", "Groups")) {
            if (!list(intrinsics.resolve(resource.property(other))).isEmpty()) {
                throw new PolicyException(resource.logicalId() + ": policies for IAM " + other.toLowerCase() + " are not emulated by the local backend");
            }
        }
        for (Object roleName : list(intrinsics.resolve(resource.property("Roles")))) {
            String logicalId = roleByName.get(String.valueOf(roleName));
            if (logicalId == null) {
                throw new PolicyException(resource.logicalId() + ": role " + roleName + " is not a role of the template");
            }
            attached.get(logicalId).add(policy);
        }
    }

    private static List<Resource> included(Template template, Intrinsics intrinsics, String type) {
        return template.resources().values().stream()
            .filter(r -> r.type().equals(type))
            .filter(r -> r.condition() == null || intrinsics.condition(r.condition()))
            .toList();
    }

    private static String ref(Intrinsics intrinsics, Resource resource) {
        return String.valueOf(intrinsics.resolve(Map.of("Ref", resource.logicalId())));
    }

    private static String arn(Intrinsics intrinsics, Resource resource) {
        return String.valueOf(intrinsics.resolve(Map.of("Fn::GetAtt", List.of(resource.logicalId(), "Arn"))));
    }

    private static List<?> list(Object node) {
        return node instanceof List<?> l ? l : List.of();
    }

    /** A stable unique ID in AWS's shape ({@code AROA} and 17 base32 characters), derived from the role's ARN. */
    private static String roleId(String arn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
            StringBuilder id = new StringBuilder("AROA");
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            for (int i = 0; i < 17; i++) {
                id.append(alphabet.charAt((digest[i] & 0xff) % 32));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
