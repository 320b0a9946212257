package dev.porthole.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IntrinsicsTest {

    private static final Template TEMPLATE = Template.load();

    /** Values as CloudFormation would know them in us-east-1 for a stack named "porthole". */
    private static Intrinsics onAws(Map<String, String> overrides) {
        Map<String, String> parameters = new HashMap<>(Map.of(
                "AWS::Region", "us-east-1", "AWS::AccountId", "123456789012", "AWS::Partition", "aws",
                "AWS::URLSuffix", "amazonaws.com", "AWS::StackName", "porthole",
                "AgentTokenHash", "ab".repeat(32), "FunctionSecret", "cd".repeat(32), "ArtifactBucket", "bucket", "ArtifactKey", "lambda/x.jar"));
        parameters.putAll(overrides);
        return new Intrinsics(TEMPLATE, parameters,
                Map.of("Table", "porthole-Table-1", "WebSocketApi", "ws123", "HttpApi", "http456", "RelayApi", "relay789"),
                Map.of("Table.Arn", "arn:aws:dynamodb:us-east-1:123456789012:table/porthole-Table-1",
                        "AnswerRole.Arn", "arn:aws:iam::123456789012:role/porthole-AnswerRole-1"));
    }

    @Test
    void resolvesTheFunctionEnvironment() {
        Object environment = onAws(Map.of()).resolve(TEMPLATE.resource("Function").property("Environment.Variables"));
        assertThat(environment).isEqualTo(Map.ofEntries(
                Map.entry("PORTHOLE_TABLE", "porthole-Table-1"),
                Map.entry("PORTHOLE_TOKEN_SHA256", "ab".repeat(32)),
                Map.entry("PORTHOLE_FUNCTION_SECRET", "cd".repeat(32)),
                Map.entry("PORTHOLE_PREVIOUS_FUNCTION_SECRET", ""),
                Map.entry("PORTHOLE_WEBSOCKET_URL", "wss://ws123.execute-api.us-east-1.amazonaws.com/porthole"),
                Map.entry("PORTHOLE_RELAY_URL", "wss://relay789.execute-api.us-east-1.amazonaws.com/porthole"),
                Map.entry("PORTHOLE_ANSWER_ROLE_ARN", "arn:aws:iam::123456789012:role/porthole-AnswerRole-1"),
                Map.entry("PORTHOLE_PUBLIC_URL", "https://http456.execute-api.us-east-1.amazonaws.com/"),
                Map.entry("PORTHOLE_MAX_BODY_BYTES", "6291456"),
                Map.entry("PORTHOLE_REQUEST_TIMEOUT_MS", "25000"),
                Map.entry("PORTHOLE_INVOKE_PAYLOAD_LIMIT", "6291456"),
                Map.entry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")));
    }

    @Test
    void theFunctionIsToldTheSameUrlsTheStackOutputs() {
        for (Map<String, String> overrides : List.of(Map.<String, String>of(),
                Map.of("DomainName", "tunnel.example.com", "CertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/x"),
                Map.of("StageName", "dev"))) {
            Intrinsics intrinsics = onAws(overrides);
            Map<?, ?> environment = (Map<?, ?>) intrinsics.resolve(TEMPLATE.resource("Function").property("Environment.Variables"));
            Map<?, ?> outputs = (Map<?, ?>) intrinsics.resolve(Map.of(
                    "PublicUrl", ((Map<?, ?>) TEMPLATE.outputs().get("PublicUrl")).get("Value"),
                    "WebSocketUrl", ((Map<?, ?>) TEMPLATE.outputs().get("WebSocketUrl")).get("Value"),
                    "ManagementEndpoint", ((Map<?, ?>) TEMPLATE.outputs().get("ManagementEndpoint")).get("Value")));
            assertThat(environment.get("PORTHOLE_PUBLIC_URL")).as(overrides.toString()).isEqualTo(outputs.get("PublicUrl"));
            assertThat(environment.get("PORTHOLE_WEBSOCKET_URL")).isEqualTo(outputs.get("WebSocketUrl"));
            // the handler derives the Management API endpoint from the WebSocket URL: wss -> https, stage kept
            assertThat(((String) outputs.get("WebSocketUrl")).replaceFirst("^wss:", "https:"))
                    .isEqualTo(outputs.get("ManagementEndpoint"));
        }
        assertThat(onAws(Map.of("DomainName", "tunnel.example.com")).resolve(
                ((Map<?, ?>) TEMPLATE.outputs().get("PublicUrl")).get("Value"))).isEqualTo("https://tunnel.example.com/");
    }

    @Test
    void evaluatesConditions() {
        assertThat(onAws(Map.of()).condition("HasCustomDomain")).isFalse();
        assertThat(onAws(Map.of("DomainName", "a.example.com")).condition("HasCustomDomain")).isTrue();
        assertThatThrownBy(() -> onAws(Map.of()).condition("Nope")).hasMessageContaining("Nope");
    }

    @Test
    void subSupportsVariablesAttributesAndLiterals() {
        Intrinsics intrinsics = onAws(Map.of());
        assertThat(intrinsics.resolve(Map.of("Fn::Sub", "${AWS::Region}/${Table.Arn}/${!Literal}/${StageName}")))
                .isEqualTo("us-east-1/arn:aws:dynamodb:us-east-1:123456789012:table/porthole-Table-1/${Literal}/porthole");
        assertThat(intrinsics.resolve(Map.of("Fn::Sub", List.of("${a}-${b}", Map.of("a", "x", "b", Map.of("Ref", "Table"))))))
                .isEqualTo("x-porthole-Table-1");
        assertThatThrownBy(() -> intrinsics.resolve(Map.of("Fn::Sub", "${unclosed")))
                .hasMessageContaining("unclosed");
    }

    @Test
    void listFunctionsAndNoValue() {
        Intrinsics intrinsics = onAws(Map.of());
        assertThat(intrinsics.resolve(Map.of("Fn::Join", List.of("-", List.of("a", Map.of("Ref", "StageName"))))))
                .isEqualTo("a-porthole");
        assertThat(intrinsics.resolve(Map.of("Fn::Select", List.of("1", Map.of("Fn::Split", List.of(",", "a,b,c"))))))
                .isEqualTo("b");
        assertThat(intrinsics.resolve(Map.of("Fn::Base64", "hi"))).isEqualTo("aGk=");
        Map<String, Object> withNoValue = new java.util.LinkedHashMap<>();
        withNoValue.put("Keep", "x");
        withNoValue.put("Drop", Map.of("Fn::If", List.of("HasCustomDomain", "y", Map.of("Ref", "AWS::NoValue"))));
        assertThat(intrinsics.resolve(withNoValue)).isEqualTo(Map.of("Keep", "x"));
        assertThat(intrinsics.resolve(List.of("a", Map.of("Ref", "AWS::NoValue")))).isEqualTo(List.of("a"));
        assertThat(intrinsics.resolve(Map.of("Fn::And", List.of(Map.of("Fn::Equals", List.of("a", "a")),
                Map.of("Fn::Or", List.of(Map.of("Condition", "HasCustomDomain"), Map.of("Fn::Not", List.of(false))))))))
                .isEqualTo(true);
        assertThatThrownBy(() -> intrinsics.resolve(Map.of("Fn::Select", List.of(5, List.of("a")))))
                .hasMessageContaining("outside");
    }

    @Test
    void whatCannotBeResolvedIsNamed() {
        Intrinsics noValues = new Intrinsics(TEMPLATE, Map.of(), Map.of(), Map.of());
        assertThatThrownBy(() -> noValues.resolve(Map.of("Ref", "AgentTokenHash")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AgentTokenHash");
        assertThatThrownBy(() -> noValues.resolve(Map.of("Ref", "AWS::Region")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AWS::Region");
        assertThatThrownBy(() -> noValues.resolve(Map.of("Ref", "Table")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Table");
        assertThatThrownBy(() -> noValues.resolve(Map.of("Ref", "Nothing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nothing");
        assertThatThrownBy(() -> noValues.resolve(Map.of("Fn::GetAtt", List.of("Table", "StreamArn"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Table.StreamArn");
        assertThatThrownBy(() -> noValues.resolve(Map.of("Fn::ImportValue", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Fn::ImportValue");
        // a parameter with a default needs no value
        assertThat(noValues.resolve(Map.of("Ref", "StageName"))).isEqualTo("porthole");
    }
}
