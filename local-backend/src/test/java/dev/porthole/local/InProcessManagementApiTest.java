package dev.porthole.local;

import dev.porthole.local.sdkhttp.FunctionHttpService;
import dev.porthole.local.testing.TestHooks;
import dev.porthole.protocol.AnswerRoute;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The function's Management API calls travel in process (its SDK HTTP client is the emulator's), and they are
 * checked exactly as over HTTP: each refusal reaches the SDK as the same exception with the same status and
 * message, whichever way the call came.
 */
class InProcessManagementApiTest {
    private static LocalBackend backend;
    private static SdkHttpClient inProcess;
    private static SdkHttpClient overHttp;

    @BeforeAll
    static void start() throws Exception {
        backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN));
        backend.hooks().record();
        inProcess = new FunctionHttpService().createHttpClientBuilder().build();
        overHttp = UrlConnectionHttpClient.create();
    }

    @AfterAll
    static void stop() {
        inProcess.close();
        overHttp.close();
        backend.close();
    }

    @Test
    void theFunctionsPostsToItsAgentTravelInProcessAndTheAgentsAnswersOverHttp() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            var established = agent.ready();
            java.util.concurrent.atomic.AtomicReference<String> relay = new java.util.concurrent.atomic.AtomicReference<>();
            Thread answering = Thread.ofVirtual().start(() -> {
                try {
                    TestAgent.Request request = agent.pollRequest(TestAgent.WAIT);
                    relay.set(request.head().replyTo());
                    agent.respond(request.head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"),
                        "hello".getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            var response = Backends.get(URI.create(established.publicUrl() + "x"));

            answering.join(TestAgent.WAIT);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello");
            // a call is recorded once answered, which can be just after its message arrived
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            List<TestHooks.ManagementCall> toRelay;
            do {
                toRelay = backend.hooks().managementCalls().stream()
                    .filter(c -> c.method().equals("POST") && c.connectionId().equals(relay.get())).toList();
            } while (toRelay.isEmpty() && System.nanoTime() < deadline);
            assertThat(toRelay).as("the agent's answer, over HTTP").extracting(TestHooks.ManagementCall::inProcess).containsExactly(false);
            assertThat(backend.hooks().managementCalls()).as("the function's posts to its agent")
                .filteredOn(c -> c.method().equals("POST") && c.status() == 200 && !c.connectionId().equals(relay.get()))
                .isNotEmpty().allMatch(TestHooks.ManagementCall::inProcess);
        }
    }

    @Test
    void everyAnswerReachesTheSdkAsTheSameExceptionInProcessAsOverHttp() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            agent.ready();
            AwsCredentials function = backend.hooks().functionAwsCredentials();
            AwsCredentials wrongSecret = AwsBasicCredentials.create(function.accessKeyId(), "x".repeat(40));
            AwsCredentials unknownKey = AwsBasicCredentials.create("AKIA" + "Z".repeat(16), function.secretAccessKey());
            AnswerRoute route = agent.answers();
            AwsCredentials answersOnly = AwsSessionCredentials.create(route.accessKeyId(), route.secretAccessKey(), route.sessionToken());
            String connected = backend.hooks().openConnections().stream().findFirst().orElseThrow();
            String gone = "AAAAAAAAAAAAAAA=";
            byte[] tooLarge = new byte[128 * 1024 + 1];

            assertSameBothWays(function, c -> c.getConnection(r -> r.connectionId(connected)).sdkHttpResponse().statusCode() + "",
                "200");
            assertSameBothWays(function, c -> post(c, gone, "x"), "GoneException 410");
            assertSameBothWays(function, c -> post(c, "not-a-connection-id", "x"),
                "ApiGatewayManagementApiException 400 Invalid connectionId: not-a-connection-id");
            assertSameBothWays(function, c -> post(c, gone, new String(tooLarge, StandardCharsets.ISO_8859_1)),
                "PayloadTooLargeException 413 Message too long");
            assertSameBothWays(wrongSecret, c -> post(c, gone, "x"), "ForbiddenException 403 The request signature we calculated "
                + "does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the "
                + "service documentation for details.");
            assertSameBothWays(unknownKey, c -> post(c, gone, "x"),
                "ForbiddenException 403 The security token included in the request is invalid.");
            String refused = outcome(answersOnly, inProcess, c -> post(c, gone, "x"));
            assertThat(refused).startsWith("ForbiddenException 403 User: ").contains("is not authorized to perform: execute-api:ManageConnections");
            assertThat(outcome(answersOnly, overHttp, c -> post(c, gone, "x"))).isEqualTo(refused);
        }
    }

    private static String post(ApiGatewayManagementApiClient client, String connectionId, String data) {
        client.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(data)));
        return "200";
    }

    private void assertSameBothWays(AwsCredentials credentials, Function<ApiGatewayManagementApiClient, String> call, String expected) {
        int before = backend.hooks().managementCalls().size();
        String viaProcess = outcome(credentials, inProcess, call);
        List<TestHooks.ManagementCall> made = backend.hooks().managementCalls();
        assertThat(made.subList(before, made.size())).as("the in-process client's calls").isNotEmpty()
            .allMatch(TestHooks.ManagementCall::inProcess);
        assertThat(viaProcess).isEqualTo(expected);
        assertThat(outcome(credentials, overHttp, call)).isEqualTo(expected);
    }

    /** What the SDK made of the call: the result, or the exception's type, status and message. */
    private static String outcome(AwsCredentials credentials, SdkHttpClient http, Function<ApiGatewayManagementApiClient, String> call) {
        try (ApiGatewayManagementApiClient client = ApiGatewayManagementApiClient.builder()
                .httpClient(http)
                .endpointOverride(URI.create(backend.managementUrl().toString().replace("/@connections", "")))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10)).retryStrategy(r -> r.maxAttempts(1)))
                .build()) {
            return call.apply(client);
        } catch (ApiGatewayManagementApiException e) {
            String message = e.awsErrorDetails().errorMessage();
            return e.getClass().getSimpleName() + " " + e.statusCode() + (message == null ? "" : " " + message);
        }
    }

}
