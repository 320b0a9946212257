package dev.porthole.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.porthole.deploy.DeployException;
import dev.porthole.deploy.testing.TestAws;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class AwsErrorsTest {

    @Test
    void anUnreachableEndpointIsANetworkProblem() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        try (AwsConnection connection = AwsConnection.builder()
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAX", "s")))
                .region("eu-west-1").endpointOverride(URI.create("http://127.0.0.1:" + port))
                .retryStrategy(TestAws.quickRetries()).build()) {
            try {
                connection.accountId();
            } catch (DeployException e) {
                assertThat(e.problem()).startsWith("Cannot reach AWS to check your AWS credentials");
                assertThat(e.nextStep()).contains("internet connection");
                return;
            }
            throw new AssertionError("expected a DeployException");
        }
    }
}
