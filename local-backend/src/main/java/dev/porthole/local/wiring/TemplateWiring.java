package dev.porthole.local.wiring;

import dev.porthole.local.dynamodb.TableSpec;
import dev.porthole.template.Intrinsics;
import dev.porthole.template.Resource;
import dev.porthole.template.Template;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a {@link BackendWiring} out of the template, resolving intrinsic functions with this machine's values. */
public final class TemplateWiring {
    public static final String STACK_NAME = LocalStack.STACK_NAME;
    public static final String ACCOUNT_ID = LocalStack.ACCOUNT_ID;
    public static final String REGION = LocalStack.REGION;
    /** The stage the local WebSocket API runs under (the template's StageName parameter). */
    public static final String STAGE = "local";

    private TemplateWiring() {
    }

    /** @param tokenSha256Hex the value of the AgentTokenHash parameter */
    public static BackendWiring from(Template template, String tokenSha256Hex) {
        Map<String, String> parameters = new HashMap<>();
        template.parameters().forEach((name, p) -> {
            if (p.defaultValue() != null) {
                parameters.put(name, p.defaultValue());
            }
        });
        parameters.put("AgentTokenHash", tokenSha256Hex);
        // a key only this run's function knows, as the deployer makes one per deployment
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        parameters.put("FunctionSecret", HexFormat.of().formatHex(secret));
        parameters.put("PreviousFunctionSecret", "");
        parameters.put("StageName", STAGE);
        parameters.put("ArtifactBucket", "local");
        parameters.put("ArtifactKey", "local");
        Intrinsics intrinsics = LocalStack.intrinsics(template, parameters);

        Resource httpApi = template.resource("HttpApi");
        require(httpApi.type().equals("AWS::ApiGatewayV2::Api") && "HTTP".equals(httpApi.property("ProtocolType")),
            "HttpApi must be an HTTP AWS::ApiGatewayV2::Api");
        List<WebSocketApiWiring> webSocketApis = new ArrayList<>();
        for (Resource api : template.resources().values()) {
            if (api.type().equals("AWS::ApiGatewayV2::Api") && "WEBSOCKET".equals(api.property("ProtocolType"))) {
                webSocketApis.add(webSocketApi(template, intrinsics, api));
            }
        }
        require(webSocketApis.stream().anyMatch(api -> api.logicalId().equals(BackendWiring.AGENT_API)),
            "WebSocketApi must be a WEBSOCKET AWS::ApiGatewayV2::Api");

        String payloadFormat = template.resources().values().stream()
            .filter(r -> r.type().equals("AWS::ApiGatewayV2::Integration") && refersTo(r.property("ApiId"), "HttpApi"))
            .map(r -> String.valueOf(intrinsics.resolve(r.property("PayloadFormatVersion"))))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the template has no integration for HttpApi"));
        HttpApiWiring http = new HttpApiWiring(ref(intrinsics, "HttpApi"), payloadFormat, routeKeys(template, intrinsics, "HttpApi"),
            stage(template, "HttpApi").flatMap(stage -> throttle(intrinsics, stage)));

        Resource function = template.resource("Function");
        Map<String, String> environment = new LinkedHashMap<>();
        if (function.property("Environment.Variables") instanceof Map<?, ?> variables) {
            variables.forEach((name, value) -> environment.put(String.valueOf(name), String.valueOf(intrinsics.resolve(value))));
        }
        return new BackendWiring(
            webSocketApis,
            http,
            table(template, intrinsics),
            resolved(intrinsics, function.property("FunctionName"), STACK_NAME + "-function"),
            resolved(intrinsics, function.property("Handler"), ""),
            Duration.ofSeconds(Long.parseLong(resolved(intrinsics, function.property("Timeout"), "3"))),
            Integer.parseInt(resolved(intrinsics, function.property("MemorySize"), "128")),
            "PublishedVersions".equals(function.property("SnapStart.ApplyOn")),
            environment,
            intrinsics);
    }

    private static WebSocketApiWiring webSocketApi(Template template, Intrinsics intrinsics, Resource api) {
        String id = api.logicalId();
        Resource stage = stage(template, id).orElseThrow(() -> new IllegalStateException("the template has no stage for " + id));
        Map<String, RouteWiring> routes = new LinkedHashMap<>();
        for (Resource route : template.resources().values()) {
            if (!route.type().equals("AWS::ApiGatewayV2::Route") || !refersTo(route.property("ApiId"), id)) {
                continue;
            }
            String key = String.valueOf(intrinsics.resolve(route.property("RouteKey")));
            Resource integration = integrationOf(template, route);
            boolean twoWay = route.property("RouteResponseSelectionExpression") != null
                && template.resources().values().stream().anyMatch(r -> r.type().equals("AWS::ApiGatewayV2::RouteResponse")
                    && refersTo(r.property("RouteId"), route.logicalId()));
            routes.put(key, new RouteWiring(key, "AWS_IAM".equals(route.property("AuthorizationType")),
                integration(template, integration), twoWay));
        }
        return new WebSocketApiWiring(id, ref(intrinsics, id), String.valueOf(intrinsics.resolve(stage.property("StageName"))),
            String.valueOf(intrinsics.resolve(api.property("RouteSelectionExpression"))), routes, throttle(intrinsics, stage));
    }

    private static Resource integrationOf(Template template, Resource route) {
        Object target = route.property("Target");
        if (target instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String text
            && text.startsWith("integrations/${") && text.endsWith("}")) {
            return template.resource(text.substring("integrations/${".length(), text.length() - 1));
        }
        throw new IllegalStateException("the template does not fit the local backend: route " + route.logicalId()
            + " must target !Sub integrations/${<Integration>}");
    }

    private static RouteWiring.Integration integration(Template template, Resource integration) {
        String type = String.valueOf(integration.property("IntegrationType"));
        return switch (type) {
            case "AWS_PROXY" -> new RouteWiring.Integration.Lambda();
            case "MOCK" -> {
                String requestTemplate = selectedTemplate(integration.property("RequestTemplates"), integration.property("TemplateSelectionExpression"))
                    .orElse("{\"statusCode\": 200}");
                Optional<String> responseTemplate = template.resources().values().stream()
                    .filter(r -> r.type().equals("AWS::ApiGatewayV2::IntegrationResponse")
                        && refersTo(r.property("IntegrationId"), integration.logicalId())
                        && "$default".equals(r.property("IntegrationResponseKey")))
                    .findFirst()
                    .flatMap(r -> selectedTemplate(r.property("ResponseTemplates"), r.property("TemplateSelectionExpression")));
                yield new RouteWiring.Integration.Mock(requestTemplate, responseTemplate);
            }
            default -> throw new IllegalStateException("the template does not fit the local backend: integration "
                + integration.logicalId() + " is " + type + "; only AWS_PROXY (the function) and MOCK are emulated");
        };
    }

    /** The template a static selection expression picks ({@code \$default} names the {@code $default} key). */
    private static Optional<String> selectedTemplate(Object templates, Object selectionExpression) {
        if (!(templates instanceof Map<?, ?> map) || map.isEmpty()) {
            return Optional.empty();
        }
        String key = selectionExpression == null ? "$default" : String.valueOf(selectionExpression).replace("\\", "");
        Object chosen = map.containsKey(key) ? map.get(key) : map.get("$default");
        return Optional.ofNullable(chosen).map(String::valueOf);
    }

    private static Optional<Resource> stage(Template template, String apiLogicalId) {
        return template.resources().values().stream()
            .filter(r -> r.type().equals("AWS::ApiGatewayV2::Stage") && refersTo(r.property("ApiId"), apiLogicalId))
            .findFirst();
    }

    private static Optional<Throttle> throttle(Intrinsics intrinsics, Resource stage) {
        Object rate = stage.property("DefaultRouteSettings.ThrottlingRateLimit");
        Object burst = stage.property("DefaultRouteSettings.ThrottlingBurstLimit");
        if (rate == null || burst == null) {
            return Optional.empty();
        }
        return Optional.of(new Throttle(Double.parseDouble(String.valueOf(intrinsics.resolve(rate))),
            Integer.parseInt(String.valueOf(intrinsics.resolve(burst)))));
    }

    /** What {@code !Ref} of a resource resolves to here: an API's ID, a table's name. */
    private static String ref(Intrinsics intrinsics, String logicalId) {
        return String.valueOf(intrinsics.resolve(Map.of("Ref", logicalId)));
    }

    private static String resolved(Intrinsics intrinsics, Object node, String fallback) {
        return node == null ? fallback : String.valueOf(intrinsics.resolve(node));
    }

    private static Set<String> routeKeys(Template template, Intrinsics intrinsics, String apiLogicalId) {
        Set<String> keys = new LinkedHashSet<>();
        template.resources().values().stream()
            .filter(r -> r.type().equals("AWS::ApiGatewayV2::Route") && refersTo(r.property("ApiId"), apiLogicalId))
            .forEach(r -> keys.add(String.valueOf(intrinsics.resolve(r.property("RouteKey")))));
        return keys;
    }

    private static TableSpec table(Template template, Intrinsics intrinsics) {
        Resource table = template.resource("Table");
        Map<String, String> types = new HashMap<>();
        for (Object definition : list(table.property("AttributeDefinitions"))) {
            Map<?, ?> d = (Map<?, ?>) definition;
            types.put(String.valueOf(d.get("AttributeName")), String.valueOf(d.get("AttributeType")));
        }
        List<TableSpec.Key> keys = new ArrayList<>();
        for (Object element : list(table.property("KeySchema"))) {
            Map<?, ?> e = (Map<?, ?>) element;
            String attribute = String.valueOf(e.get("AttributeName"));
            require(types.containsKey(attribute), "key attribute " + attribute + " has no AttributeDefinition");
            keys.add(new TableSpec.Key(attribute, String.valueOf(e.get("KeyType")), types.get(attribute)));
        }
        Optional<String> ttl = Optional.empty();
        if (table.property("TimeToLiveSpecification") instanceof Map<?, ?> spec && Boolean.parseBoolean(String.valueOf(spec.get("Enabled")))) {
            ttl = Optional.of(String.valueOf(spec.get("AttributeName")));
        }
        return new TableSpec(String.valueOf(intrinsics.resolve(Map.of("Ref", "Table"))), keys, ttl);
    }

    private static boolean refersTo(Object node, String logicalId) {
        return node instanceof Map<?, ?> map && logicalId.equals(map.get("Ref"));
    }

    private static List<?> list(Object node) {
        return node instanceof List<?> l ? l : List.of();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("the template does not fit the local backend: " + message);
        }
    }
}
