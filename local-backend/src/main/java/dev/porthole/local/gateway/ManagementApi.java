package dev.porthole.local.gateway;

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
import java.util.function.Consumer;

/**
 * The Management API, {@code {stage}/@connections/{connectionId}}: POST sends a message, GET describes the
 * connection, DELETE closes it. Errors carry {@code x-amzn-ErrorType}, which is what makes the AWS SDK
 * raise {@code GoneException} rather than a generic error. A connection still in {@code $connect} is gone,
 * as on AWS.
 */
final class ManagementApi extends Handler.Abstract {
    static final int MAX_POST_BYTES = 128 * 1024;

    private final String connectionsPath;
    private final ConnectionRegistry registry;
    private final Consumer<TestHooks.ManagementCall> calls;

    /** @param stagePath e.g. {@code /_porthole/ws/local} */
    ManagementApi(String stagePath, ConnectionRegistry registry, Consumer<TestHooks.ManagementCall> calls) {
        this.connectionsPath = stagePath + "/@connections/";
        this.registry = registry;
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
        String authorization = request.getHeaders().get("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return error(response, callback, 403, "ForbiddenException", "Missing Authentication Token");
        }
        if (!ConnectionIds.wellFormed(id)) {
            return error(response, callback, 400, "BadRequestException", "Invalid connectionId: " + id);
        }
        var found = registry.open(id);
        if (found.isEmpty()) {
            return error(response, callback, 410, "GoneException", null);
        }
        WebSocketConnection connection = found.get();
        switch (request.getMethod()) {
            case "POST" -> {
                byte[] data;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    data = in.readNBytes(MAX_POST_BYTES + 1);
                }
                if (data.length > MAX_POST_BYTES) {
                    return error(response, callback, 413, "PayloadTooLargeException", "Message too long");
                }
                try {
                    connection.send(new String(data, StandardCharsets.UTF_8));
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
            case "DELETE" -> {
                connection.close(1000, "Connection Closed Normally");
                response.setStatus(204);
                callback.succeeded();
                return 204;
            }
            default -> {
                return error(response, callback, 403, "ForbiddenException", "Missing Authentication Token");
            }
        }
    }

    private static int error(Response response, Callback callback, int status, String type, String message) {
        response.getHeaders().put("x-amzn-ErrorType", type);
        JsonResponses.send(response, callback, status, "{\"message\":" + (message == null ? "null" : JsonResponses.quote(message)) + "}");
        return status;
    }
}
