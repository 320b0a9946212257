package dev.porthole.local.gateway;

import dev.porthole.local.iam.sigv4.SignedRequest;
import dev.porthole.local.quota.Quotas;
import dev.porthole.local.testing.TestHooks;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One WebSocket API's Management API, {@code {stage}/@connections/{connectionId}}: POST sends a message, GET describes
 * the connection, DELETE closes it. Every call must be SigV4-signed by a principal allowed
 * {@code execute-api:ManageConnections} on that API, stage, method and connection, as on AWS. Errors carry
 * {@code x-amzn-ErrorType}, which is what makes the AWS SDK raise {@code GoneException}, {@code ForbiddenException}
 * and the rest rather than a generic error. A connection still in {@code $connect} is gone, as on AWS.
 *
 * <p>A call arrives over HTTP ({@link #handle}) or, from the function, in process ({@link #answer}): both are
 * answered by {@link #answer}, so the checks and the answers are the same code.
 */
final class ManagementApi extends Handler.Abstract {
    static final int MAX_POST_BYTES = 128 * 1024;

    /**
     * What the Management API answers.
     *
     * @param errorType the {@code x-amzn-ErrorType} header, when it refused
     * @param json      the JSON body, when there is one
     */
    record Answer(int status, Optional<String> errorType, Optional<String> json) {
        static Answer empty(int status) {
            return new Answer(status, Optional.empty(), Optional.empty());
        }

        static Answer json(int status, String json) {
            return new Answer(status, Optional.empty(), Optional.of(json));
        }

        static Answer error(int status, String type, String json) {
            return new Answer(status, Optional.of(type), Optional.of(json));
        }
    }

    private final WebSocketApi api;
    private final String connectionsPath;
    private final String arnPrefix;
    private final ConnectionRegistry registry;
    private final IamAuthorizer authorizer;
    private final Quotas quotas;
    private final TestHooks.ManagementCalls calls;

    /**
     * @param stagePath e.g. {@code /_porthole/ws/local}
     * @param arnPrefix e.g. {@code arn:aws:execute-api:us-east-1:000000000000:<api-id>}
     */
    ManagementApi(WebSocketApi api, String stagePath, String arnPrefix, ConnectionRegistry registry, IamAuthorizer authorizer,
                  Quotas quotas, TestHooks.ManagementCalls calls) {
        this.api = api;
        this.connectionsPath = stagePath + "/@connections/";
        this.arnPrefix = arnPrefix;
        this.registry = registry;
        this.authorizer = authorizer;
        this.quotas = quotas;
        this.calls = calls;
    }

    /** @param path the request's path with {@code %40} read as {@code @} */
    boolean handles(String path) {
        return path.startsWith(connectionsPath);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        byte[] body = RequestBodies.read(request, MAX_POST_BYTES);
        Answer answer = answer(SignedRequest.from(request, body), false);
        answer.errorType().ifPresent(type -> response.getHeaders().put("x-amzn-ErrorType", type));
        if (answer.json().isPresent()) {
            JsonResponses.send(response, callback, answer.status(), answer.json().get());
        } else {
            response.setStatus(answer.status());
            callback.succeeded();
        }
        return true;
    }

    /**
     * Answers one call, whichever way it came.
     *
     * @param inProcess whether it came in process rather than over HTTP (only the test hooks are told)
     */
    Answer answer(SignedRequest request, boolean inProcess) {
        String rawPath = request.rawPath();
        // the ID is one encoded path segment, decoded after splitting: a '/' inside it arrives as %2F
        String encodedId = rawPath.substring(rawPath.indexOf('/', rawPath.indexOf("connections/")) + 1);
        String id = URLDecoder.decode(encodedId.replace("+", "%2B"), StandardCharsets.UTF_8);
        calls.arrived(inProcess);
        Answer answer = serve(request, id);
        calls.answered(new TestHooks.ManagementCall(request.method(), id, answer.status(), inProcess));
        return answer;
    }

    private Answer serve(SignedRequest request, String id) {
        byte[] body = request.body();
        String method = request.method();
        if (!method.equals("POST") && !method.equals("GET") && !method.equals("DELETE")) {
            return error(403, "ForbiddenException", "Missing Authentication Token");
        }
        if (method.equals("POST") && body.length > MAX_POST_BYTES) {
            // API Gateway refuses an oversized message before anything else
            return error(413, "PayloadTooLargeException", "Message too long");
        }
        Optional<IamAuthorizer.Refusal> refusal = authorizer.authorize(request, "execute-api:ManageConnections",
            arnPrefix + "/" + api.wiring().stage() + "/" + method + "/@connections/" + id);
        if (refusal.isPresent()) {
            return Answer.error(refusal.get().status(), refusal.get().errorType(), refusal.get().body());
        }
        if (!quotas.accountRequest()) {
            return error(429, "LimitExceededException", "Rate exceeded");
        }
        if (!ConnectionIds.wellFormed(id)) {
            return error(400, "BadRequestException", "Invalid connectionId: " + id);
        }
        var found = registry.open(api.wiring().apiId(), id);
        if (found.isEmpty()) {
            return error(410, "GoneException", null);
        }
        WebSocketConnection connection = found.get();
        switch (method) {
            case "POST" -> {
                try {
                    connection.send(new String(body, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return error(410, "GoneException", null);
                }
                return Answer.empty(200);
            }
            case "GET" -> {
                return Answer.json(200, "{\"connectedAt\":\""
                    + DateTimeFormatter.ISO_INSTANT.format(connection.connectedAt()) + "\",\"identity\":{\"sourceIp\":"
                    + JsonResponses.quote(connection.sourceIp()) + ",\"userAgent\":"
                    + JsonResponses.quote(String.valueOf(connection.userAgent())) + "},\"lastActiveAt\":\""
                    + DateTimeFormatter.ISO_INSTANT.format(connection.lastActiveAt()) + "\"}");
            }
            default -> {
                api.closeFromGateway(connection, 1000, "Connection Closed Normally");
                return Answer.empty(204);
            }
        }
    }

    private static Answer error(int status, String type, String message) {
        return Answer.error(status, type, "{\"message\":" + (message == null ? "null" : JsonResponses.quote(message)) + "}");
    }
}
