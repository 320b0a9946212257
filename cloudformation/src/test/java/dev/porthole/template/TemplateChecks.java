package dev.porthole.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Static checks of a template. Each returns the problems it found, in words, so a test can show the
 * real template has none and a broken one has the expected one.
 */
final class TemplateChecks {

    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    /** CloudFormation's limit for a template sent inline (TemplateBody), as the deployer does. */
    static final int TEMPLATE_BODY_LIMIT = 51_200;

    private static final Set<String> RESOURCE_KEYS = Set.of("Type", "Properties", "DependsOn", "Condition",
            "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private TemplateChecks() {
    }

    // ---------------------------------------------------------------- specification

    /** Every resource type, property (nested ones too) and GetAtt attribute exists in the specification. */
    static List<String> againstSpecification(Template template, ResourceSpecification spec) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> resourcesSection = section(template.tree(), "Resources");
        for (Resource resource : template.resources().values()) {
            JsonNode type = spec.resourceType(resource.type());
            if (type == null) {
                problems.add(resource.logicalId() + ": resource type " + resource.type() + " is not in the specification");
                continue;
            }
            for (String key : section(resourcesSection, resource.logicalId()).keySet()) {
                if (!RESOURCE_KEYS.contains(key)) {
                    problems.add(resource.logicalId() + ": " + key + " is not a resource attribute");
                }
            }
            checkProperties(spec, resource.type(), resource.logicalId(), type.path("Properties"), resource.properties(), problems);
        }
        walk(template.tree(), node -> {
            if (node.get("Fn::GetAtt") instanceof List<?> args && args.size() == 2
                    && args.get(0) instanceof String id && args.get(1) instanceof String attribute) {
                checkAttribute(template, spec, id, attribute, problems);
            }
            if (node.get("Fn::Sub") != null) {
                for (String variable : subVariables(node.get("Fn::Sub"))) {
                    int dot = variable.indexOf('.');
                    if (dot > 0 && !variable.startsWith("AWS::")) {
                        checkAttribute(template, spec, variable.substring(0, dot), variable.substring(dot + 1), problems);
                    }
                }
            }
        });
        return problems;
    }

    private static void checkAttribute(Template template, ResourceSpecification spec, String id, String attribute,
                                       List<String> problems) {
        Resource target = template.resources().get(id);
        if (target == null) {
            return; // references() reports it
        }
        JsonNode type = spec.resourceType(target.type());
        if (type != null && !type.path("Attributes").has(attribute)) {
            problems.add("GetAtt " + id + "." + attribute + ": " + target.type() + " has no attribute " + attribute);
        }
    }

    private static void checkProperties(ResourceSpecification spec, String resourceType, String path,
                                        JsonNode specProperties, Map<?, ?> value, List<String> problems) {
        for (Object key : value.keySet()) {
            if (!specProperties.has(String.valueOf(key))) {
                problems.add(path + ": property " + key + " is not in the specification of " + resourceType);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = specProperties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            Object propertyValue = value.get(property.getKey());
            if (propertyValue == null) {
                if (property.getValue().path("Required").asBoolean(false)) {
                    problems.add(path + ": required property " + property.getKey() + " is missing");
                }
                continue;
            }
            checkValue(spec, resourceType, path + "." + property.getKey(), property.getValue(), propertyValue, problems);
        }
    }

    private static void checkValue(ResourceSpecification spec, String resourceType, String path, JsonNode propertySpec,
                                   Object value, List<String> problems) {
        if (value instanceof Map<?, ?> map && isFunction(map)) {
            // both branches of an If are values of this property; other functions are known only at deploy time
            if (map.get("Fn::If") instanceof List<?> args && args.size() == 3) {
                for (Object branch : args.subList(1, 3)) {
                    if (!(branch instanceof Map<?, ?> b && "AWS::NoValue".equals(b.get("Ref")))) {
                        checkValue(spec, resourceType, path, propertySpec, branch, problems);
                    }
                }
            }
            return;
        }
        if (propertySpec.has("PrimitiveType")) {
            checkPrimitive(path, propertySpec.get("PrimitiveType").asText(), value, problems);
            return;
        }
        if (propertySpec.has("PrimitiveTypes") || propertySpec.has("Types")) {
            return; // polymorphic property: any of several shapes
        }
        String type = propertySpec.path("Type").asText();
        if (type.equals("List") || type.equals("Map")) {
            Iterable<?> items;
            if (type.equals("List")) {
                if (!(value instanceof List<?> list)) {
                    problems.add(path + ": must be a list");
                    return;
                }
                items = list;
            } else {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(path + ": must be a mapping");
                    return;
                }
                items = map.values();
            }
            int index = 0;
            for (Object item : items) {
                String itemPath = path + "." + index++;
                if (propertySpec.has("PrimitiveItemType")) {
                    checkPrimitive(itemPath, propertySpec.get("PrimitiveItemType").asText(), item, problems);
                } else if (propertySpec.has("ItemType")) {
                    checkStructure(spec, resourceType, itemPath, propertySpec.get("ItemType").asText(), item, problems);
                }
            }
            return;
        }
        checkStructure(spec, resourceType, path, type, value, problems);
    }

    private static void checkStructure(ResourceSpecification spec, String resourceType, String path, String typeName,
                                       Object value, List<String> problems) {
        if (value instanceof Map<?, ?> map && isFunction(map)) {
            return;
        }
        JsonNode type = spec.propertyType(resourceType, typeName);
        if (type == null) {
            problems.add(path + ": the specification has no property type " + typeName);
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(path + ": must be a mapping (" + typeName + ")");
            return;
        }
        checkProperties(spec, resourceType, path, type.path("Properties"), map, problems);
    }

    private static void checkPrimitive(String path, String primitive, Object value, List<String> problems) {
        if (value instanceof Map<?, ?> map && isFunction(map)) {
            return;
        }
        boolean ok = switch (primitive) {
            case "String", "Timestamp" -> value instanceof String || value instanceof Number || value instanceof Boolean;
            case "Integer", "Long" -> value instanceof Integer || value instanceof Long
                    || (value instanceof String s && s.matches("-?\\d+"));
            case "Double" -> value instanceof Number || (value instanceof String s && s.matches("-?\\d+(\\.\\d+)?"));
            case "Boolean" -> value instanceof Boolean || (value instanceof String s && s.matches("(?i)true|false"));
            case "Json" -> value instanceof Map || value instanceof String;
            default -> true;
        };
        if (!ok) {
            problems.add(path + ": " + value + " is not a " + primitive);
        }
    }

    // ---------------------------------------------------------------- references

    /**
     * Every Ref, GetAtt, Sub variable, DependsOn and condition name exists; anything that uses a
     * conditional resource is under the same condition (or in the true branch of an If on it).
     */
    static List<String> references(Template template) {
        List<String> problems = new ArrayList<>();
        for (Resource resource : template.resources().values()) {
            Set<String> known = new HashSet<>();
            if (resource.condition() != null) {
                checkCondition(template, resource.logicalId(), resource.condition(), problems);
                known.add(resource.condition());
            }
            for (String dependency : resource.dependsOn()) {
                if (!template.resources().containsKey(dependency)) {
                    problems.add(resource.logicalId() + ": DependsOn " + dependency + " names no resource");
                }
            }
            checkReferences(template, resource.logicalId(), resource.properties(), known, problems);
        }
        template.outputs().forEach((name, output) -> {
            Set<String> known = new HashSet<>();
            if (output instanceof Map<?, ?> map && map.get("Condition") instanceof String condition) {
                checkCondition(template, "output " + name, condition, problems);
                known.add(condition);
            }
            checkReferences(template, "output " + name, output, known, problems);
        });
        template.conditions().forEach((name, condition) ->
                checkReferences(template, "condition " + name, condition, Set.of(), problems));
        section(template.tree(), "Rules").forEach((name, rule) ->
                checkReferences(template, "rule " + name, rule, Set.of(), problems));
        return problems;
    }

    private static void checkCondition(Template template, String where, String condition, List<String> problems) {
        if (!template.conditions().containsKey(condition)) {
            problems.add(where + ": condition " + condition + " is not defined");
        }
    }

    private static void checkReferences(Template template, String where, Object node, Set<String> knownTrue,
                                        List<String> problems) {
        if (node instanceof List<?> list) {
            list.forEach(item -> checkReferences(template, where, item, knownTrue, problems));
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        if (isFunction(map)) {
            Object argument = map.values().iterator().next();
            switch (String.valueOf(map.keySet().iterator().next())) {
                case "Ref" -> checkTarget(template, where, String.valueOf(argument), "Ref", knownTrue, problems);
                case "Condition" -> checkCondition(template, where, String.valueOf(argument), problems);
                case "Fn::GetAtt" -> {
                    if (argument instanceof List<?> args && !args.isEmpty()) {
                        String id = String.valueOf(args.get(0));
                        if (!template.resources().containsKey(id)) {
                            problems.add(where + ": GetAtt " + id + " names no resource");
                        } else {
                            checkTarget(template, where, id, "GetAtt", knownTrue, problems);
                        }
                    }
                }
                case "Fn::Sub" -> {
                    Set<String> local = new HashSet<>();
                    if (argument instanceof List<?> args && args.size() == 2 && args.get(1) instanceof Map<?, ?> vars) {
                        vars.keySet().forEach(k -> local.add(String.valueOf(k)));
                        checkReferences(template, where, vars, knownTrue, problems);
                    }
                    for (String variable : subVariables(argument)) {
                        if (local.contains(variable)) {
                            continue;
                        }
                        int dot = variable.indexOf('.');
                        if (dot > 0 && !variable.startsWith("AWS::")) {
                            String id = variable.substring(0, dot);
                            if (!template.resources().containsKey(id)) {
                                problems.add(where + ": Sub ${" + variable + "} names no resource " + id);
                            } else {
                                checkTarget(template, where, id, "Sub", knownTrue, problems);
                            }
                        } else {
                            checkTarget(template, where, variable, "Sub", knownTrue, problems);
                        }
                    }
                }
                case "Fn::If" -> {
                    if (argument instanceof List<?> args && args.size() == 3) {
                        String condition = String.valueOf(args.get(0));
                        checkCondition(template, where, condition, problems);
                        Set<String> whenTrue = new HashSet<>(knownTrue);
                        whenTrue.add(condition);
                        checkReferences(template, where, args.get(1), whenTrue, problems);
                        checkReferences(template, where, args.get(2), knownTrue, problems);
                    } else {
                        problems.add(where + ": Fn::If takes [condition, value if true, value if false]");
                    }
                }
                default -> checkReferences(template, where, argument, knownTrue, problems);
            }
            return;
        }
        map.values().forEach(value -> checkReferences(template, where, value, knownTrue, problems));
    }

    private static void checkTarget(Template template, String where, String name, String how, Set<String> knownTrue,
                                    List<String> problems) {
        Resource resource = template.resources().get(name);
        if (resource != null) {
            if (resource.condition() != null && !knownTrue.contains(resource.condition())) {
                problems.add(where + ": " + how + " " + name + " exists only when " + resource.condition()
                        + " is true; use the same condition or Fn::If on it");
            }
            return;
        }
        if (!template.parameters().containsKey(name) && !PSEUDO_PARAMETERS.contains(name)) {
            problems.add(where + ": " + how + " " + name + " names no parameter, resource or pseudo parameter");
        }
    }

    // ---------------------------------------------------------------- API Gateway -> Lambda

    /**
     * Each Lambda permission for API Gateway names the stage in its SourceArn ({@code <api>/<stage>/<route>};
     * without it API Gateway is denied, seed bug #1), every route can invoke the function, and integrations
     * and permissions go to the alias (SnapStart only applies to published versions).
     */
    static List<String> apiGatewayCanInvokeTheFunction(Template template) {
        List<String> problems = new ArrayList<>();
        Set<String> covered = new HashSet<>(); // "Api routeKey" pairs a permission allows
        for (Resource permission : template.resources().values()) {
            if (!permission.type().equals("AWS::Lambda::Permission")
                    || !"apigateway.amazonaws.com".equals(permission.property("Principal"))) {
                continue;
            }
            String id = permission.logicalId();
            if (!Map.of("Ref", "FunctionAlias").equals(permission.property("FunctionName"))) {
                problems.add(id + ": FunctionName must be !Ref FunctionAlias (the alias API Gateway invokes)");
            }
            if (!"lambda:InvokeFunction".equals(permission.property("Action"))) {
                problems.add(id + ": Action must be lambda:InvokeFunction");
            }
            Object sourceArn = permission.property("SourceArn");
            if (!(sourceArn instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String arn)) {
                problems.add(id + ": SourceArn must be an execute-api ARN written with !Sub");
                continue;
            }
            Matcher m = Pattern.compile("arn:\\$\\{AWS::Partition}:execute-api:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:"
                    + "\\$\\{(\\w+)}/(.*)").matcher(arn);
            if (!m.matches() || !template.resources().containsKey(m.group(1))) {
                problems.add(id + ": SourceArn " + arn + " is not arn:${AWS::Partition}:execute-api:${AWS::Region}:"
                        + "${AWS::AccountId}:${<Api>}/<stage>/<route> for an API of this template");
                continue;
            }
            Resource api = template.resources().get(m.group(1));
            String[] segments = m.group(2).split("/", 2);
            String stage = segments[0];
            boolean websocket = "WEBSOCKET".equals(api.property("ProtocolType"));
            if (websocket) {
                if (segments.length < 2 || !(stage.equals("*") || stage.equals(stageOf(template, api)))) {
                    problems.add(id + ": SourceArn " + arn + " has no stage segment: API Gateway invokes as "
                            + "<api>/<stage>/<route>, so write ${" + api.logicalId() + "}/*/<route>");
                    continue;
                }
                String route = segments[1];
                Set<String> routes = routeKeys(template, api.logicalId());
                if (route.equals("*")) {
                    routes.forEach(r -> covered.add(api.logicalId() + " " + r));
                } else if (routes.contains(route)) {
                    covered.add(api.logicalId() + " " + route);
                } else {
                    problems.add(id + ": SourceArn " + arn + " names route " + route + ", which " + api.logicalId()
                            + " does not have " + routes);
                }
            } else {
                // HTTP APIs: <api>/<stage>/<method>/<path>; "*" after the API ID covers all of them
                if (!(stage.equals("*") || (segments.length == 2 && stage.equals(stageOf(template, api))))) {
                    problems.add(id + ": SourceArn " + arn + " has no stage segment: write ${" + api.logicalId() + "}/*");
                    continue;
                }
                routeKeys(template, api.logicalId()).forEach(r -> covered.add(api.logicalId() + " " + r));
            }
        }
        for (Resource route : template.resources().values()) {
            if (route.type().equals("AWS::ApiGatewayV2::Route") && route.property("ApiId") instanceof Map<?, ?> ref
                    && !isMock(template, route)) {
                String key = ref.get("Ref") + " " + route.property("RouteKey");
                if (!covered.contains(key)) {
                    problems.add(route.logicalId() + ": no Lambda permission lets " + ref.get("Ref") + " invoke the function for route "
                            + route.property("RouteKey"));
                }
            }
        }
        for (Resource integration : template.resources().values()) {
            if (integration.type().equals("AWS::ApiGatewayV2::Integration") && "MOCK".equals(integration.property("IntegrationType"))) {
                if (integration.property("IntegrationUri") != null) {
                    problems.add(integration.logicalId() + ": a MOCK integration calls nothing; it has no IntegrationUri");
                }
            } else if (integration.type().equals("AWS::ApiGatewayV2::Integration")) {
                Object uri = integration.property("IntegrationUri");
                boolean toAlias = Map.of("Ref", "FunctionAlias").equals(uri)
                        || (uri instanceof Map<?, ?> sub && String.valueOf(sub.get("Fn::Sub")).contains("/functions/${FunctionAlias}/invocations"));
                if (!toAlias) {
                    problems.add(integration.logicalId() + ": IntegrationUri must invoke FunctionAlias, got " + uri);
                }
            }
        }
        return problems;
    }

    /**
     * Relays must open and prove they are alive without invoking the function, or a request in a cold stack waits for
     * a second execution environment (and, at a low concurrency limit, is starved of one): every route of RelayApi
     * has a MOCK integration, its $connect is IAM-authorised (nobody but the function opens relays), and its
     * $default answers with a route response.
     */
    static List<String> relaysNeverInvokeTheFunction(Template template) {
        List<String> problems = new ArrayList<>();
        Set<String> keys = routeKeys(template, "RelayApi");
        if (!keys.contains("$connect") || !keys.contains("$default")) {
            problems.add("RelayApi: needs a $connect and a $default route, has " + keys);
        }
        for (Resource route : template.resources().values()) {
            if (!route.type().equals("AWS::ApiGatewayV2::Route") || !Map.of("Ref", "RelayApi").equals(route.property("ApiId"))) {
                continue;
            }
            Object key = route.property("RouteKey");
            if (!isMock(template, route)) {
                problems.add(route.logicalId() + ": relay route " + key + " must have a MOCK integration, so opening a relay never waits for the function");
            }
            if ("$connect".equals(key) && !"AWS_IAM".equals(route.property("AuthorizationType"))) {
                problems.add(route.logicalId() + ": the relay $connect must be AWS_IAM-authorised, or anyone could open relays");
            }
            if ("$default".equals(key)) {
                boolean answered = template.resources().values().stream().anyMatch(r -> r.type().equals("AWS::ApiGatewayV2::RouteResponse")
                        && Map.of("Ref", route.logicalId()).equals(r.property("RouteId")));
                if (!answered || !"$default".equals(route.property("RouteResponseSelectionExpression"))) {
                    problems.add(route.logicalId() + ": the relay $default must answer (a RouteResponse and RouteResponseSelectionExpression $default), "
                            + "or relays cannot learn their connection ID");
                }
            }
        }
        return problems;
    }

    private static boolean isMock(Template template, Resource route) {
        Object target = route.property("Target");
        if (target instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String text && text.startsWith("integrations/${")) {
            Resource integration = template.resources().get(text.substring("integrations/${".length(), text.length() - 1));
            return integration != null && "MOCK".equals(integration.property("IntegrationType"));
        }
        return false;
    }

    private static String stageOf(Template template, Resource api) {
        for (Resource stage : template.resources().values()) {
            if (stage.type().equals("AWS::ApiGatewayV2::Stage")
                    && Map.of("Ref", api.logicalId()).equals(stage.property("ApiId"))) {
                Object name = stage.property("StageName");
                return name instanceof Map<?, ?> ref && ref.get("Ref") != null ? "${" + ref.get("Ref") + "}" : String.valueOf(name);
            }
        }
        return null;
    }

    private static Set<String> routeKeys(Template template, String apiId) {
        Set<String> keys = new LinkedHashSet<>();
        for (Resource route : template.resources().values()) {
            if (route.type().equals("AWS::ApiGatewayV2::Route") && Map.of("Ref", apiId).equals(route.property("ApiId"))) {
                keys.add(String.valueOf(route.property("RouteKey")));
            }
        }
        return keys;
    }

    // ---------------------------------------------------------------- IAM

    /**
     * No IAM statement allows {@code *} actions, {@code *} resources, or a resource ARN with a wildcard
     * anywhere but its last segment; every resource ARN names a resource of this stack; no NotAction,
     * NotResource, managed policies or {@code *} principals.
     */
    static List<String> leastPrivilege(Template template) {
        List<String> problems = new ArrayList<>();
        for (Resource resource : template.resources().values()) {
            List<Object> documents = new ArrayList<>();
            switch (resource.type()) {
                case "AWS::IAM::Role" -> {
                    if (resource.property("ManagedPolicyArns") != null) {
                        problems.add(resource.logicalId() + ": ManagedPolicyArns grant more than this stack needs; "
                                + "write inline statements");
                    }
                    if (resource.property("Policies") instanceof List<?> policies) {
                        policies.forEach(p -> documents.add(p instanceof Map<?, ?> m ? m.get("PolicyDocument") : null));
                    }
                    checkPrincipals(resource.logicalId(), resource.property("AssumeRolePolicyDocument"), problems);
                }
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy" ->
                        documents.add(resource.property("PolicyDocument"));
                default -> {
                }
            }
            for (Object document : documents) {
                for (Map<?, ?> statement : statements(document)) {
                    String where = resource.logicalId() + " statement " + (statement.get("Sid") == null ? "(no Sid)" : statement.get("Sid"));
                    if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                        problems.add(where + ": NotAction/NotResource allow everything else; list what is allowed");
                    }
                    for (Object action : asList(statement.get("Action"))) {
                        if (!(action instanceof String a) || a.contains("*")) {
                            problems.add(where + ": action " + action + " is a wildcard; name each action");
                        }
                    }
                    for (Object arn : asList(statement.get("Resource"))) {
                        checkResourceArn(template, where, arn, problems);
                    }
                }
            }
        }
        return problems;
    }

    private static void checkResourceArn(Template template, String where, Object arn, List<String> problems) {
        Set<String> referenced = new HashSet<>();
        String pattern = switch (arn) {
            case String literal -> literal;
            case Map<?, ?> ref when ref.get("Ref") instanceof String id -> {
                referenced.add(id);
                yield "${" + id + "}";
            }
            case Map<?, ?> getAtt when getAtt.get("Fn::GetAtt") instanceof List<?> args -> {
                referenced.add(String.valueOf(args.get(0)));
                yield "${" + args.get(0) + "." + args.get(1) + "}";
            }
            case Map<?, ?> sub when sub.get("Fn::Sub") instanceof String s -> {
                for (String variable : subVariables(s)) {
                    referenced.add(variable.contains(".") ? variable.substring(0, variable.indexOf('.')) : variable);
                }
                yield s;
            }
            default -> null;
        };
        if (pattern == null) {
            problems.add(where + ": resource " + arn + " cannot be checked; write it as an ARN, !Ref, !GetAtt or !Sub");
            return;
        }
        if (pattern.equals("*")) {
            problems.add(where + ": resource * allows every resource in the account; name this stack's resources");
            return;
        }
        if (referenced.stream().noneMatch(template.resources()::containsKey)) {
            problems.add(where + ": resource " + pattern + " names no resource of this stack");
        }
        String withoutVariables = SUB_VARIABLE.matcher(pattern).replaceAll("x");
        int lastSegment = Math.max(withoutVariables.lastIndexOf('/'), withoutVariables.lastIndexOf(':'));
        if (withoutVariables.substring(0, Math.max(lastSegment, 0)).contains("*")) {
            problems.add(where + ": resource " + pattern + " has a wildcard before its last segment; name the exact "
                    + "API, stage, method or table");
        }
    }

    private static void checkPrincipals(String where, Object document, List<String> problems) {
        for (Map<?, ?> statement : statements(document)) {
            Object principal = statement.get("Principal");
            if ("*".equals(principal) || (principal instanceof Map<?, ?> p && p.values().stream()
                    .flatMap(v -> asList(v).stream()).anyMatch("*"::equals))) {
                problems.add(where + ": trust policy allows principal *; name the service");
            }
        }
    }

    private static List<Map<?, ?>> statements(Object document) {
        List<Map<?, ?>> statements = new ArrayList<>();
        if (document instanceof Map<?, ?> map) {
            for (Object statement : asList(map.get("Statement"))) {
                if (statement instanceof Map<?, ?> s) {
                    statements.add(s);
                }
            }
        }
        return statements;
    }

    // ---------------------------------------------------------------- function version

    /**
     * A published version is immutable and CloudFormation republishes it only when FunctionVersion changes,
     * so every parameter the function depends on must be part of its Description (the token through its
     * non-secret ID; the bucket need not, since the key is the code's hash). The description must also fit
     * Lambda's 256 characters with every parameter at its longest.
     */
    static List<String> functionVersionFollowsTheFunction(Template template) {
        List<String> problems = new ArrayList<>();
        Set<String> used = parametersUsed(template, template.resource("Function").properties(), new HashSet<>());
        used.remove("ArtifactBucket");
        if (used.remove("AgentTokenHash")) {
            used.add("AgentTokenId");
        }
        if (used.remove("FunctionSecret")) {
            used.add("FunctionSecretId");
        }
        // accepted beside the current secret only; a new current secret already publishes a new version
        used.remove("PreviousFunctionSecret");
        Object description = template.resource("FunctionVersion").property("Description");
        if (!(description instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String format)) {
            problems.add("FunctionVersion: Description must be a !Sub naming the function's inputs " + used);
            return problems;
        }
        Set<String> named = new HashSet<>(subVariables(format));
        for (String parameter : used) {
            if (!named.contains(parameter)) {
                problems.add("FunctionVersion: Description does not name ${" + parameter + "}, so changing " + parameter
                        + " would leave the alias on the old version");
            }
        }
        int longest = format.length();
        for (String variable : named) {
            Parameter parameter = template.parameters().get(variable);
            Integer max = parameter == null ? null : parameter.maxLength();
            if (parameter != null && "Number".equals(parameter.type())) {
                Object maxValue = parameter.definition().get("MaxValue");
                max = String.valueOf(maxValue == null ? "99999999999" : maxValue).length();
            }
            if (max == null) {
                problems.add("FunctionVersion: ${" + variable + "} has no MaxLength, so the description may exceed 256 characters");
                continue;
            }
            longest += max - ("${" + variable + "}").length();
        }
        if (longest > 256) {
            problems.add("FunctionVersion: Description can reach " + longest + " characters; Lambda allows 256");
        }
        return problems;
    }

    private static Set<String> parametersUsed(Template template, Object node, Set<String> visitedConditions) {
        Set<String> used = new HashSet<>();
        walk(node, map -> {
            if (map.get("Ref") instanceof String name && template.parameters().containsKey(name)) {
                used.add(name);
            }
            if (map.get("Fn::Sub") != null) {
                subVariables(map.get("Fn::Sub")).stream().filter(template.parameters()::containsKey).forEach(used::add);
            }
            String condition = map.get("Fn::If") instanceof List<?> args && !args.isEmpty() ? String.valueOf(args.get(0))
                    : map.get("Condition") instanceof String c ? c : null;
            if (condition != null && visitedConditions.add(condition)) {
                used.addAll(parametersUsed(template, template.conditions().get(condition), visitedConditions));
            }
        });
        return used;
    }

    // ---------------------------------------------------------------- logs and size

    /** The function writes to the log group of the stack (named after it), which has a retention period. */
    static List<String> logsGoToTheStacksLogGroup(Template template) {
        List<String> problems = new ArrayList<>();
        Resource logGroup = template.resources().get("FunctionLogGroup");
        if (logGroup == null || !logGroup.type().equals("AWS::Logs::LogGroup")) {
            return List.of("FunctionLogGroup: the function needs its own AWS::Logs::LogGroup with a retention period");
        }
        Object functionName = template.resource("Function").property("FunctionName");
        Object logGroupName = logGroup.property("LogGroupName");
        if (!(functionName instanceof Map<?, ?> f && logGroupName instanceof Map<?, ?> l
                && ("/aws/lambda/" + f.get("Fn::Sub")).equals(l.get("Fn::Sub")))) {
            problems.add("FunctionLogGroup: LogGroupName " + logGroupName + " is not /aws/lambda/ + the FunctionName "
                    + functionName + "; Lambda would write to a log group outside the stack");
        }
        if (logGroup.property("RetentionInDays") == null) {
            problems.add("FunctionLogGroup: RetentionInDays is not set, so logs would be kept (and billed) forever");
        }
        if (!template.resource("Function").dependsOn().contains("FunctionLogGroup")) {
            problems.add("Function: must DependsOn FunctionLogGroup, or Lambda may create the log group first");
        }
        return problems;
    }

    /** The deployer sends the template inline, which CloudFormation limits to 51,200 bytes. */
    static List<String> fitsInline(Template template) {
        int size = template.text().getBytes(StandardCharsets.UTF_8).length;
        return size <= TEMPLATE_BODY_LIMIT ? List.of()
                : List.of("the template is " + size + " bytes; CloudFormation takes at most " + TEMPLATE_BODY_LIMIT + " inline");
    }

    // ---------------------------------------------------------------- helpers

    static List<String> subVariables(Object subArgument) {
        Object format = subArgument instanceof List<?> args && !args.isEmpty() ? args.get(0) : subArgument;
        List<String> variables = new ArrayList<>();
        if (format instanceof String s) {
            Matcher m = SUB_VARIABLE.matcher(s);
            while (m.find()) {
                String variable = m.group(1).strip();
                if (!variable.startsWith("!")) {
                    variables.add(variable);
                }
            }
        }
        return variables;
    }

    private static boolean isFunction(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.startsWith("Fn::") || (key.equals("Condition") && map.get(key) instanceof String);
    }

    private static void walk(Object node, java.util.function.Consumer<Map<?, ?>> visitor) {
        if (node instanceof Map<?, ?> map) {
            visitor.accept(map);
            map.values().forEach(v -> walk(v, visitor));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> walk(v, visitor));
        }
    }

    private static List<?> asList(Object value) {
        return value == null ? List.of() : value instanceof List<?> list ? list : List.of(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> tree, String name) {
        return tree.get(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
