package dev.porthole.local;

import dev.porthole.template.Template;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The function runs with credentials of this start only, and may do what the template's role allows and no
 * more: a policy that forgets an action breaks the function here as it would on AWS, and a policy the
 * emulator cannot evaluate faithfully stops the backend from starting.
 */
class TemplatePermissionsTest {

    @Test
    void everyStartHandsOutNewCredentialsOfAwsShape() throws Exception {
        AwsCredentials first;
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN))) {
            first = backend.hooks().functionAwsCredentials();
            assertThat(first.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
            assertThat(first.secretAccessKey()).hasSize(40);
            assertThat(backend.hooks().awsCredentials().accessKeyId()).isNotEqualTo(first.accessKeyId());
        }
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN))) {
            assertThat(backend.hooks().functionAwsCredentials().accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(backend.hooks().functionAwsCredentials().secretAccessKey()).isNotEqualTo(first.secretAccessKey());
        }
    }

    @Test
    void aPolicyThatForgetsAnActionTheFunctionUsesBreaksTheFunction() throws Exception {
        Template noPuts = Template.parse(Template.load().text().replace("                  - dynamodb:PutItem\n", ""));
        assertThat(noPuts.text()).doesNotContain("dynamodb:PutItem");
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN), noPuts)) {
            assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, java.util.Map.of())).isEqualTo(500);
        }
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN))) {
            assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, java.util.Map.of())).isEqualTo(101);
        }
    }

    @Test
    void aConditionTheEmulatorDoesNotImplementStopsTheStart() {
        Template conditioned = Template.parse(Template.load().text().replace("                Resource: !GetAtt Table.Arn\n",
            "                Resource: !GetAtt Table.Arn\n                Condition:\n                  IpAddress: {\"aws:SourceIp\": \"10.0.0.0/8\"}\n"));
        assertThatThrownBy(() -> LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN), conditioned))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("FunctionRole policy porthole-function statement 2 (Sid UseOwnTable): condition operator IpAddress is not emulated");
    }

    @Test
    void aRoleLambdaMayNotAssumeStopsTheStart() {
        Template untrusted = Template.parse(Template.load().text().replace("Service: lambda.amazonaws.com", "Service: ec2.amazonaws.com"));
        assertThatThrownBy(() -> LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN), untrusted))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("FunctionRole's AssumeRolePolicyDocument does not let lambda.amazonaws.com assume it");
    }
}
