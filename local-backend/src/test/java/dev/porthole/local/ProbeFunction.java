package dev.porthole.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porthole.backend.aws.ManagementEndpoint;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A function that probes the local API Gateway through the real AWS SDK, for the emulator's fidelity tests:
 * it posts to its own connection during $connect, and on messages runs the Management API command it is
 * sent. What happened goes to {@link #SEEN}.
 */
public final class ProbeFunction implements RequestStreamHandler {
    static final BlockingQueue<String> SEEN = new LinkedBlockingQueue<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiGatewayManagementApiClient management;

    public ProbeFunction(Map<String, String> env) {
        management = ApiGatewayManagementApiClient.builder()
            .endpointOverride(ManagementEndpoint.fromWebSocketUrl(URI.create(env.get("PORTHOLE_WEBSOCKET_URL"))))
            .region(Region.of(env.get("AWS_REGION")))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        JsonNode event = JSON.readTree(input);
        if (event.path("requestContext").has("http")) {
            http(event, output);
            return;
        }
        JsonNode request = event.path("requestContext");
        String me = request.path("connectionId").asText();
        int status = 200;
        switch (request.path("eventType").asText()) {
            case "CONNECT" -> {
                SEEN.add("connect " + me + " post-to-self: " + attempt(() -> post(me, "too early")));
                String wanted = event.path("headers").path("X-Probe-Status").asText("");
                if (wanted.equals("throw")) {
                    throw new IllegalStateException("probe asked to fail");
                }
                status = wanted.isEmpty() ? 200 : Integer.parseInt(wanted);
            }
            case "MESSAGE" -> {
                String body = event.path("body").asText();
                String[] command = body.split(" ", 2);
                String target = command.length > 1 ? command[1] : me;
                String outcome = switch (command[0]) {
                    case "echo" -> attempt(() -> post(me, "echo from " + me));
                    case "get" -> attempt(() -> {
                        var c = management.getConnection(r -> r.connectionId(me));
                        post(me, "source " + c.identity().sourceIp() + " since " + c.connectedAt());
                    });
                    case "delete" -> attempt(() -> management.deleteConnection(r -> r.connectionId(me)));
                    case "post-to" -> attempt(() -> post(target, "hello"));
                    case "big" -> attempt(() -> post(me, "x".repeat(130 * 1024)));
                    default -> "unknown command";
                };
                SEEN.add(command[0] + " " + outcome);
            }
            case "DISCONNECT" -> SEEN.add("disconnect " + me + " " + request.path("disconnectStatusCode").asInt() + " "
                + request.path("disconnectReason").asText());
            default -> SEEN.add("unexpected event " + event);
        }
        output.write(("{\"statusCode\":" + status + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** HTTP API events: recorded whole, and answered as the path asks. */
    private static void http(JsonNode event, OutputStream output) throws java.io.IOException {
        SEEN.add(event.toString());
        String answer = switch (event.path("rawPath").asText()) {
            case "/sleep" -> {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield "{\"statusCode\":200}";
            }
            case "/throw" -> throw new IllegalStateException("probe asked to fail");
            case "/garbage" -> "this is not json";
            case "/no-status" -> "{\"hello\":\"world\"}";
            case "/bare-string" -> "\"Hello\"";
            case "/bad-status" -> "{\"statusCode\":\"soon\"}";
            case "/full" -> "{\"statusCode\":418,\"headers\":{\"X-Kept\":\"yes\",\"Content-Length\":\"999\"},"
                + "\"cookies\":[\"a=1; Path=/\",\"b=2\"],\"isBase64Encoded\":true,\"body\":\"AAEC/w==\"}";
            default -> "{\"statusCode\":204}";
        };
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }

    private void post(String connectionId, String text) {
        management.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(text)));
    }

    private static String attempt(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            // the SDK has a class for the errors the service model lists, the generic one (with the code) for the rest
            return e.getClass().getSimpleName() + (e.getClass() == software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException.class
                ? "(" + e.awsErrorDetails().errorCode() + ")" : "");
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
