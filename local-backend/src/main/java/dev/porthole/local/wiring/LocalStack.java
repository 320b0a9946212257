package dev.porthole.local.wiring;

import dev.porthole.template.Intrinsics;
import dev.porthole.template.Resource;
import dev.porthole.template.Template;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The stack as it exists on this computer: its account, Region and name, and what {@code Ref} and
 * {@code Fn::GetAtt ... Arn} return for each resource. ARNs have the shape AWS gives each resource type, so a
 * policy in the template that names {@code !GetAtt Table.Arn} names exactly the ARN the local DynamoDB checks.
 */
public final class LocalStack {
    public static final String STACK_NAME = "porthole-local";
    public static final String ACCOUNT_ID = "000000000000";
    public static final String REGION = "us-east-1";
    public static final String PARTITION = "aws";

    private LocalStack() {
    }

    /** Pseudo parameters as CloudFormation would give them to this stack. */
    public static Map<String, String> pseudoParameters() {
        return Map.of(
            "AWS::Region", REGION,
            "AWS::AccountId", ACCOUNT_ID,
            "AWS::Partition", PARTITION,
            "AWS::URLSuffix", "amazonaws.com",
            "AWS::StackName", STACK_NAME);
    }

    /**
     * Intrinsics over the template with these parameter values (plus the pseudo parameters). A resource's
     * physical name is the name property its type has ({@code TableName}, {@code RoleName}, {@code LogGroupName},
     * {@code FunctionName}) when the template sets one, else {@code porthole-local-<LogicalId>}, as CloudFormation
     * names unnamed resources after the stack and the logical ID.
     */
    public static Intrinsics intrinsics(Template template, Map<String, String> parameters) {
        Map<String, String> values = new HashMap<>(parameters);
        values.putAll(pseudoParameters());
        Map<String, String> generated = new HashMap<>();
        template.resources().values().forEach(r -> generated.put(r.logicalId(), STACK_NAME + "-" + r.logicalId()));
        // names may themselves use intrinsics (the log group's name is made of the stack name): resolve them
        // against the generated names first; a name property never refers to its own resource
        Intrinsics first = new Intrinsics(template, values, generated, Map.of());
        Map<String, String> refs = new HashMap<>();
        for (Resource resource : template.resources().values()) {
            refs.put(resource.logicalId(), physicalName(resource, first));
        }
        Map<String, String> attributes = new HashMap<>();
        for (Resource resource : template.resources().values()) {
            attributes.put(resource.logicalId() + ".Arn", arn(resource.type(), refs.get(resource.logicalId()), resource, first));
        }
        return new Intrinsics(template, values, refs, attributes);
    }

    private static String physicalName(Resource resource, Intrinsics intrinsics) {
        String property = switch (resource.type()) {
            case "AWS::DynamoDB::Table" -> "TableName";
            case "AWS::IAM::Role" -> "RoleName";
            case "AWS::IAM::ManagedPolicy" -> "ManagedPolicyName";
            case "AWS::Logs::LogGroup" -> "LogGroupName";
            case "AWS::Lambda::Function" -> "FunctionName";
            default -> null;
        };
        Object named = property == null ? null : resource.property(property);
        if (named != null) {
            return String.valueOf(intrinsics.resolve(named));
        }
        if (resource.type().equals("AWS::ApiGatewayV2::Api")) {
            // API IDs are 10 lowercase letters and digits; one derived from the logical ID stays the same across starts
            String id = resource.logicalId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            return (id + "0000000000").substring(0, 10);
        }
        return STACK_NAME + "-" + resource.logicalId();
    }

    private static String arn(String type, String name, Resource resource, Intrinsics intrinsics) {
        String regional = ":" + REGION + ":" + ACCOUNT_ID + ":";
        return switch (type) {
            case "AWS::DynamoDB::Table" -> "arn:" + PARTITION + ":dynamodb" + regional + "table/" + name;
            case "AWS::Logs::LogGroup" -> "arn:" + PARTITION + ":logs" + regional + "log-group:" + name + ":*";
            case "AWS::Lambda::Function" -> "arn:" + PARTITION + ":lambda" + regional + "function:" + name;
            case "AWS::IAM::Role" -> "arn:" + PARTITION + ":iam::" + ACCOUNT_ID + ":role" + path(resource, intrinsics) + name;
            case "AWS::IAM::ManagedPolicy" -> "arn:" + PARTITION + ":iam::" + ACCOUNT_ID + ":policy" + path(resource, intrinsics) + name;
            default -> "arn:" + PARTITION + ":" + type.split("::")[1].toLowerCase(Locale.ROOT) + regional + name;
        };
    }

    private static String path(Resource resource, Intrinsics intrinsics) {
        Object path = resource.property("Path");
        return path == null ? "/" : String.valueOf(intrinsics.resolve(path));
    }
}
