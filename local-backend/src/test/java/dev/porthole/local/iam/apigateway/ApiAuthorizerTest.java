package dev.porthole.local.iam.apigateway;

import dev.porthole.local.iam.IamFixture;
import dev.porthole.local.iam.sigv4.SignedRequest;
import dev.porthole.local.wiring.TemplateWiring;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ForbiddenException;

import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The authorizer the gateway calls, behind a minimal Management API on a real Jetty server, through the SDK's
 * ApiGatewayManagementApiClient: what the template's policy allows gets through; everything else is the SDK's
 * ForbiddenException with API Gateway's message.
 */
class ApiAuthorizerTest {
    private static IamFixture fixture;
    private static Server server;
    private static URI endpoint;
    private static String apiId;

    @BeforeAll
    static void start() throws Exception {
        fixture = new IamFixture();
        apiId = String.valueOf(fixture.wiring.intrinsics().resolve(Map.of("Ref", "WebSocketApi")));
        ApiAuthorizer authorizer = fixture.iam.apiGateway();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    body = in.readAllBytes();
                }
                String path = request.getHttpURI().getPath();
                String id = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
                String arn = ApiAuthorizer.connectionArn(TemplateWiring.REGION, TemplateWiring.ACCOUNT_ID, apiId, TemplateWiring.STAGE,
                    request.getMethod(), id);
                switch (authorizer.authorize(SignedRequest.from(request, body), ApiAuthorizer.MANAGE_CONNECTIONS, arn)) {
                    case ApiAuthorization.Refused refused -> {
                        response.setStatus(refused.status());
                        response.getHeaders().put("x-amzn-ErrorType", refused.errorType());
                        response.getHeaders().put("Content-Type", "application/json");
                        response.write(true, ByteBuffer.wrap(refused.body().getBytes(StandardCharsets.UTF_8)), callback);
                    }
                    case ApiAuthorization.Authorized authorized -> {
                        response.setStatus(200);
                        callback.succeeded();
                    }
                }
                return true;
            }
        });
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/" + TemplateWiring.STAGE);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        fixture.close();
    }

    @Test
    void theFunctionManagesConnectionsAsItsPolicyAllows() {
        try (var client = client(StaticCredentialsProvider.create(fixture.iam.function().toSdk()))) {
            client.postToConnection(r -> r.connectionId("R0oX+AdfD0kwCH6w=").data(SdkBytes.fromUtf8String("hello")));
            client.deleteConnection(r -> r.connectionId("R0oXAdfD0kwCH6w="));
        }
    }

    @Test
    void everyRefusalIsAForbiddenExceptionWithApiGatewaysMessage() {
        var function = fixture.iam.function();
        forbidden(AnonymousCredentialsProvider.create(), "Missing Authentication Token");
        forbidden(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "x".repeat(40))),
            "The security token included in the request is invalid.");
        forbidden(StaticCredentialsProvider.create(AwsBasicCredentials.create(function.accessKeyId(), "x".repeat(40))),
            "The request signature we calculated does not match the signature you provided.");

        var relay = fixture.sts(function.toSdk())
            .assumeRole(r -> r.roleArn(fixture.roleArn("RelayRole")).roleSessionName("relay-api")).credentials();
        forbidden(StaticCredentialsProvider.create(AwsSessionCredentials.create(relay.accessKeyId(), relay.secretAccessKey(), relay.sessionToken())),
            "User: arn:aws:sts::000000000000:assumed-role/porthole-local-RelayRole/relay-api is not authorized to perform: "
                + "execute-api:ManageConnections on resource: arn:aws:execute-api:us-east-1:000000000000:" + apiId + "/local/POST/@connections/abc=");
    }

    @Test
    void aConnectSignedByTheSdkIsAuthorizedOnlyForWhomThePolicyAllowsInvoke() {
        String connect = ApiAuthorizer.routeArn(TemplateWiring.REGION, TemplateWiring.ACCOUNT_ID, apiId, TemplateWiring.STAGE, "$connect");
        SdkHttpRequest upgrade = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create("http://127.0.0.1:8080/_porthole/ws/local"))
            .putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade").build();

        var asFunction = signed(upgrade, fixture.iam.function().toSdk());
        assertThat(fixture.iam.apiGateway().authorize(asFunction, ApiAuthorizer.INVOKE, connect))
            .isInstanceOfSatisfying(ApiAuthorization.Refused.class, refused -> {
                assertThat(refused.status()).isEqualTo(403);
                assertThat(refused.message()).isEqualTo("User: " + fixture.iam.function().principal().arn()
                    + " is not authorized to perform: execute-api:Invoke on resource: " + connect);
            });
        assertThat(fixture.iam.apiGateway().authorize(signed(upgrade, fixture.iam.administrator().toSdk()), ApiAuthorizer.INVOKE, connect))
            .isInstanceOf(ApiAuthorization.Authorized.class);
    }

    private static SignedRequest signed(SdkHttpRequest request, software.amazon.awssdk.auth.credentials.AwsCredentials credentials) {
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
            .putProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK, fixture.clock));
        List<SignedRequest.Header> headers = new ArrayList<>();
        signed.request().forEachHeader((name, values) -> values.forEach(v -> headers.add(new SignedRequest.Header(name, v))));
        return SignedRequest.of("GET", signed.request().encodedPath(), "", headers, new byte[0]);
    }

    private static void forbidden(AwsCredentialsProvider credentials, String message) {
        try (var client = client(credentials)) {
            assertThatThrownBy(() -> client.postToConnection(r -> r.connectionId("abc=").data(SdkBytes.fromUtf8String("x"))))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith(message);
                });
        }
    }

    private static ApiGatewayManagementApiClient client(AwsCredentialsProvider credentials) {
        return ApiGatewayManagementApiClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
