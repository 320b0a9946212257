package dev.porthole.local.iam.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A policy document, read strictly: anything the local backend cannot evaluate as IAM would is a
 * {@link PolicyException} at read time. Evaluation follows IAM's rule for one policy type: an applicable Deny
 * statement wins, else an applicable Allow, else nothing is said
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
public final class PolicyDocument {
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final PolicyKind kind;
    private final List<Statement> statements;

    private PolicyDocument(String name, PolicyKind kind, List<Statement> statements) {
        this.name = name;
        this.kind = kind;
        this.statements = statements;
    }

    /**
     * @param tree a document as CloudFormation gives it after intrinsics (maps, lists, strings)
     * @param name where it comes from, for messages (e.g. {@code FunctionRole policy porthole-function})
     */
    public static PolicyDocument of(Object tree, PolicyKind kind, String name) {
        if (!(tree instanceof Map<?, ?> map)) {
            throw new PolicyException(name + ": a policy document must be an object");
        }
        for (Object element : map.keySet()) {
            if (!Set.of("Version", "Id", "Statement").contains(String.valueOf(element))) {
                throw new PolicyException(name + ": unknown policy element " + element);
            }
        }
        Object version = map.get("Version");
        if (version == null || !VERSIONS.contains(String.valueOf(version))) {
            throw new PolicyException(name + ": Version must be 2012-10-17 (or 2008-10-17), not " + version);
        }
        Object statement = map.get("Statement");
        List<?> nodes = statement instanceof List<?> list ? list : statement == null ? List.of() : List.of(statement);
        if (nodes.isEmpty()) {
            throw new PolicyException(name + ": a policy needs at least one Statement");
        }
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            statements.add(Statement.parse(nodes.get(i), kind, name + " statement " + (i + 1)));
        }
        return new PolicyDocument(name, kind, List.copyOf(statements));
    }

    /** A document given as JSON text, as AssumeRole's {@code Policy} parameter is. */
    public static PolicyDocument parseJson(String json, PolicyKind kind, String name) {
        try {
            return of(JSON.readValue(json, Object.class), kind, name);
        } catch (JsonProcessingException e) {
            throw new PolicyException(name + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** For identity and session policies: what the statements say about this action on this resource. */
    public Effect evaluate(String action, String resource, RequestContext context) {
        if (kind == PolicyKind.TRUST) {
            throw new IllegalStateException("a trust policy has no resources: use evaluateTrust");
        }
        return evaluate(action, Optional.of(resource), context);
    }

    /** For trust policies: whether the caller in the context may perform the action (sts:AssumeRole) on the role. */
    public Effect evaluateTrust(String action, RequestContext context) {
        if (kind != PolicyKind.TRUST) {
            throw new IllegalStateException("only a trust policy names principals");
        }
        return evaluate(action, Optional.empty(), context);
    }

    private Effect evaluate(String action, Optional<String> resource, RequestContext context) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.applies(action, resource, context)) {
                if (!statement.allow()) {
                    return Effect.DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Effect.ALLOW : Effect.NONE;
    }

    public String name() {
        return name;
    }

    public PolicyKind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return name + " " + statements;
    }
}
