package dev.porthole.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The contract docs/architecture.md states for the template, and the reader's API. */
class TemplateTest {

    private final Template template = Template.load();

    @Test
    void thePackagedTemplateIsTheFileInTheRepository() throws Exception {
        Path file = Path.of(System.getProperty("porthole.template.file"));
        assertThat(template.text()).isEqualTo(Files.readString(file));
    }

    @Test
    void templateVersionIsTheProjectVersion() {
        String projectVersion = System.getProperty("porthole.version").replace("-SNAPSHOT", "");
        assertThat(template.version()).isEqualTo(projectVersion);
    }

    @Test
    void logicalIdsTheCodeReliesOnHaveTheirTypes() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("Table", "AWS::DynamoDB::Table"),
                Map.entry("Function", "AWS::Lambda::Function"),
                Map.entry("FunctionVersion", "AWS::Lambda::Version"),
                Map.entry("FunctionAlias", "AWS::Lambda::Alias"),
                Map.entry("WebSocketApi", "AWS::ApiGatewayV2::Api"),
                Map.entry("WebSocketIntegration", "AWS::ApiGatewayV2::Integration"),
                Map.entry("ConnectRoute", "AWS::ApiGatewayV2::Route"),
                Map.entry("DisconnectRoute", "AWS::ApiGatewayV2::Route"),
                Map.entry("DefaultRoute", "AWS::ApiGatewayV2::Route"),
                Map.entry("WebSocketStage", "AWS::ApiGatewayV2::Stage"),
                Map.entry("HttpApi", "AWS::ApiGatewayV2::Api"),
                Map.entry("HttpIntegration", "AWS::ApiGatewayV2::Integration"),
                Map.entry("HttpRoute", "AWS::ApiGatewayV2::Route"),
                Map.entry("HttpStage", "AWS::ApiGatewayV2::Stage"));
        expected.forEach((id, type) -> assertThat(template.resource(id).type()).as(id).isEqualTo(type));
    }

    @Test
    void routesPayloadFormatAndHandlerAreAsDocumented() {
        assertThat(template.resource("WebSocketApi").property("ProtocolType")).isEqualTo("WEBSOCKET");
        assertThat(template.resource("WebSocketApi").property("RouteSelectionExpression")).isEqualTo("$request.body.action");
        assertThat(template.resource("ConnectRoute").property("RouteKey")).isEqualTo("$connect");
        assertThat(template.resource("DisconnectRoute").property("RouteKey")).isEqualTo("$disconnect");
        assertThat(template.resource("DefaultRoute").property("RouteKey")).isEqualTo("$default");
        assertThat(template.resource("HttpApi").property("ProtocolType")).isEqualTo("HTTP");
        assertThat(template.resource("HttpIntegration").property("PayloadFormatVersion")).isEqualTo("2.0");
        assertThat(template.resource("HttpIntegration").property("TimeoutInMillis")).isEqualTo(30000);
        assertThat(template.resource("HttpRoute").property("RouteKey")).isEqualTo("$default");
        assertThat(template.resource("HttpStage").property("StageName")).isEqualTo("$default");
        Resource function = template.resource("Function");
        assertThat(function.property("Handler")).isEqualTo("dev.porthole.backend.PortholeHandler::handleRequest");
        assertThat(function.property("Runtime")).isEqualTo("java21");
        assertThat(function.property("Architectures")).isEqualTo(List.of("arm64"));
        assertThat(function.property("SnapStart.ApplyOn")).isEqualTo("PublishedVersions");
        assertThat(function.property("Timeout")).isEqualTo(30);
        assertThat(function.dependsOn()).containsExactly("FunctionLogGroup", "FunctionHandsOutAnswerCredentials");
        assertThat(template.resource("RelayApi").property("ProtocolType")).isEqualTo("WEBSOCKET");
        assertThat(template.resource("RelayConnectRoute").property("AuthorizationType")).isEqualTo("AWS_IAM");
    }

    @Test
    void tableIsKeyedAndExpiresAsTheCodeReadsIt() {
        Resource table = template.resource("Table");
        assertThat(table.property("KeySchema")).isEqualTo(List.of(
                Map.of("AttributeName", "pk", "KeyType", "HASH"), Map.of("AttributeName", "sk", "KeyType", "RANGE")));
        assertThat(table.property("AttributeDefinitions")).isEqualTo(List.of(
                Map.of("AttributeName", "pk", "AttributeType", "S"), Map.of("AttributeName", "sk", "AttributeType", "S")));
        assertThat(table.property("TimeToLiveSpecification")).isEqualTo(Map.of("AttributeName", "expiresAt", "Enabled", true));
        assertThat(table.property("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.property("TableName")).isNull();
        assertThat(table.property("KeySchema.1.KeyType")).isEqualTo("RANGE");
    }

    @Test
    void functionEnvironmentNamesExactlyTheDocumentedVariables() {
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) template.resource("Function").property("Environment.Variables");
        assertThat(variables.keySet()).containsExactlyInAnyOrder("PORTHOLE_TABLE", "PORTHOLE_TOKEN_SHA256",
                "PORTHOLE_FUNCTION_SECRET", "PORTHOLE_PREVIOUS_FUNCTION_SECRET", "PORTHOLE_WEBSOCKET_URL",
                "PORTHOLE_RELAY_URL", "PORTHOLE_ANSWER_ROLE_ARN", "PORTHOLE_PUBLIC_URL", "PORTHOLE_MAX_BODY_BYTES",
                "PORTHOLE_REQUEST_TIMEOUT_MS", "PORTHOLE_INVOKE_PAYLOAD_LIMIT", "JAVA_TOOL_OPTIONS");
        assertThat(variables.get("PORTHOLE_TABLE")).isEqualTo(Map.of("Ref", "Table"));
        assertThat(variables.get("PORTHOLE_TOKEN_SHA256")).isEqualTo(Map.of("Ref", "AgentTokenHash"));
        assertThat(variables.get("PORTHOLE_FUNCTION_SECRET")).isEqualTo(Map.of("Ref", "FunctionSecret"));
        assertThat(template.parameter("FunctionSecret").noEcho()).isTrue();
        assertThat(template.parameter("PreviousFunctionSecret").noEcho()).isTrue();
    }

    @Test
    void parametersAndOutputsAreAsDocumented() {
        assertThat(template.parameters().keySet()).contains("AgentTokenHash", "StageName", "ArtifactBucket",
                "ArtifactKey", "MemorySize", "DomainName", "CertificateArn");
        Parameter token = template.parameter("AgentTokenHash");
        assertThat(token.noEcho()).isTrue();
        assertThat(token.defaultValue()).isNull();
        assertThat(token.allowedPattern()).isEqualTo("^[0-9a-f]{64}$");
        assertThat(template.parameter("StageName").defaultValue()).isEqualTo("porthole");
        assertThat(template.parameter("MemorySize").defaultValue()).isEqualTo("1024");
        assertThat(template.parameter("MemorySize").type()).isEqualTo("Number");
        assertThat(template.parameter("DomainName").defaultValue()).isEmpty();
        assertThat(template.parameter("CertificateArn").defaultValue()).isEmpty();
        assertThat(template.outputs()).containsKeys("WebSocketUrl", "PublicUrl", "ManagementEndpoint", "TemplateVersion");
        assertThat(template.conditions()).containsKey("HasCustomDomain");
    }

    @Test
    void parameterChecksValuesLikeCloudFormation() {
        assertThat(template.parameter("AgentTokenHash").problem("a".repeat(64))).isEmpty();
        assertThat(template.parameter("AgentTokenHash").problem("A".repeat(64))).get().asString()
                .contains("AgentTokenHash").contains("lowercase hex");
        assertThat(template.parameter("AgentTokenHash").problem(null)).get().asString().contains("required");
        assertThat(template.parameter("MemorySize").problem("256")).get().asString().contains("at least 512");
        assertThat(template.parameter("MemorySize").problem("lots")).get().asString().contains("number");
        assertThat(template.parameter("DomainName").problem("")).isEmpty();
        assertThat(template.parameter("DomainName").problem("tunnel.example.com")).isEmpty();
        assertThat(template.parameter("DomainName").problem("x".repeat(91) + ".com")).get().asString().contains("at most 90");
        assertThat(template.parameter("StageName").problem(null)).isEmpty();
    }

    @Test
    void resourcesKeepTheFileOrderAndMissingOnesAreNamed() {
        List<String> ids = List.copyOf(template.resources().keySet());
        assertThat(ids.indexOf("Table")).isLessThan(ids.indexOf("Function"));
        assertThat(ids.getFirst()).isEqualTo("Table");
        assertThatThrownBy(() -> template.resource("Nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nope");
        assertThatThrownBy(() -> template.parameter("Nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nope");
        assertThat(template.resource("CustomDomain").condition()).isEqualTo("HasCustomDomain");
        assertThat(template.resource("Table").condition()).isNull();
        assertThat(template.resource("Table").property("No.Such.Path")).isNull();
    }

    @Test
    void rejectsSomethingThatIsNoTemplate() {
        assertThatThrownBy(() -> Template.parse("- a list")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mapping");
        assertThatThrownBy(() -> Template.parse("Parameters: {}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Resources");
        assertThatThrownBy(() -> Template.parse("Resources: {A: {Properties: {}}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resource A has no Type");
        assertThatThrownBy(() -> Template.parse("Resources: {A: {Type: X}}").version())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TemplateVersion");
    }
}
