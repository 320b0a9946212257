package dev.porthole.local.gateway;

import dev.porthole.local.quota.Quotas;
import dev.porthole.local.testing.TestHooks;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One WebSocket API's Management API, {@code {stage}/@connections/{connectionId}}: POST sends a message, GET describes
 * the connection, DELETE closes it. Every call must be SigV4-signed by a principal allowed
 * {@code execute-api:ManageConnections} on that API, stage, method and connection, as on AWS. Errors carry
 * {@code x-amzn-ErrorType}, which is what makes the AWS SDK raise {@code GoneException}, {@code ForbiddenException}
 * and the rest rather than a generic error. A connection still in {@code $connect} is gone, as on AWS.
 */
final class ManagementApi extends Handler.Abstract {
    static final int MAX_POST_BYTES = 128 * 1024;

    private final WebSocketApi api;
    private final String connectionsPath;
    private final String arnPrefix;
    private final ConnectionRegistry registry;
    private final IamAuthorizer authorizer;
    private final Quotas quotas;
    private final Consumer<TestHooks.ManagementCall> calls;

    /**
     * @param stagePath e.g. {@code /_porthole/ws/local}
     * @param arnPrefix e.g. {@code arn:aws:execute-api:us-east-1:000000000000:<api-id>}
     */
    ManagementApi(WebSocketApi api, String stagePath, String arnPrefix, ConnectionRegistry registry, IamAuthorizer authorizer,
                  Quotas quotas, Consumer<TestHooks.ManagementCall> calls) {
        this.api = api;
        this.connectionsPath = stagePath + "/@connections/";
        this.arnPrefix = arnPrefix;
        this.registry = registry;
        this.authorizer = authorizer;
        this.quotas = quotas;
        this.calls = calls;
    }

    boolean handles(String decodedPath) {
        return decodedPath.startsWith(connectionsPath);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String rawPath = request.getHttpURI().getPath();
        // the ID is one encoded path segment, decoded after splitting: a '/' inside it arrives as %2F
        String encodedId = rawPath.substring(rawPath.indexOf('/', rawPath.indexOf("connections/")) + 1);
        String id = URLDecoder.decode(encodedId.replace("+", "%2B"), StandardCharsets.UTF_8);
        int status = serve(request, response, callback, id);
        calls.accept(new TestHooks.ManagementCall(request.getMethod(), id, status));
        return true;
    }

    /** @return the status it answered with */
    private int serve(Request request, Response response, Callback callback, String id) throws IOException {
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_POST_BYTES + 1);
        }
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("GET") && !method.equals("DELETE")) {
            return error(response, callback, 403, "ForbiddenException", "Missing Authentication Token");
        }
        if (method.equals("POST") && body.length > MAX_POST_BYTES) {
            // API Gateway refuses an oversized message before anything else
            return error(response, callback, 413, "PayloadTooLargeException", "Message too long");
        }
        Optional<IamAuthorizer.Refusal> refusal = authorizer.authorize(request, body, "execute-api:ManageConnections",
            arnPrefix + "/" + api.wiring().stage() + "/" + method + "/@connections/" + id);
        if (refusal.isPresent()) {
            response.getHeaders().put("x-amzn-ErrorType", refusal.get().errorType());
            JsonResponses.send(response, callback, refusal.get().status(), refusal.get().body());
            return refusal.get().status();
        }
        if (!quotas.accountRequest()) {
            return error(response, callback, 429, "LimitExceededException", "Rate exceeded");
        }
        if (!ConnectionIds.wellFormed(id)) {
            return error(response, callback, 400, "BadRequestException", "Invalid connectionId: " + id);
        }
        var found = registry.open(api.wiring().apiId(), id);
        if (found.isEmpty()) {
            return error(response, callback, 410, "GoneException", null);
        }
        WebSocketConnection connection = found.get();
        switch (method) {
            case "POST" -> {
                try {
                    connection.send(new String(body, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return error(response, callback, 410, "GoneException", null);
                }
                response.setStatus(200);
                callback.succeeded();
                return 200;
            }
            case "GET" -> {
                JsonResponses.send(response, callback, 200, "{\"connectedAt\":\""
                    + DateTimeFormatter.ISO_INSTANT.format(connection.connectedAt()) + "\",\"identity\":{\"sourceIp\":"
                    + JsonResponses.quote(connection.sourceIp()) + ",\"userAgent\":"
                    + JsonResponses.quote(String.valueOf(connection.userAgent())) + "},\"lastActiveAt\":\""
                    + DateTimeFormatter.ISO_INSTANT.format(connection.lastActiveAt()) + "\"}");
                return 200;
            }
            default -> {
                api.closeFromGateway(connection, 1000, "Connection Closed Normally");
                response.setStatus(204);
                callback.succeeded();
                return 204;
            }
        }
    }

    private static int error(Response response, Callback callback, int status, String type, String message) {
        response.getHeaders().put("x-amzn-ErrorType", type);
        JsonResponses.send(response, callback, status, "{\"message\":" + (message == null ? "null" : JsonResponses.quote(message)) + "}");
        return status;
    }
}
