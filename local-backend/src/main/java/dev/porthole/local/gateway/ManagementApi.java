package dev.porthole.local.gateway;

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

    /** @param stagePath e.g. {@code /_porthole/ws/local} */
    ManagementApi(String stagePath, ConnectionRegistry registry) {
        this.connectionsPath = stagePath + "/@connections/";
        this.registry = registry;
    }

    boolean handles(String decodedPath) {
        return decodedPath.startsWith(connectionsPath);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String rawPath = request.getHttpURI().getPath();
        int at = rawPath.indexOf("/", rawPath.indexOf("connections/"));
        // the ID is one encoded path segment: decode it after splitting, as '/' inside it arrives as %2F
        String id = URLDecoder.decode(rawPath.substring(at + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        String authorization = request.getHeaders().get("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            error(response, callback, 403, "ForbiddenException", "Missing Authentication Token");
            return true;
        }
        if (!ConnectionIds.wellFormed(id)) {
            error(response, callback, 400, "BadRequestException", "Invalid connectionId: " + id);
            return true;
        }
        var connection = registry.open(id);
        if (connection.isEmpty()) {
            error(response, callback, 410, "GoneException", null);
            return true;
        }
        switch (request.getMethod()) {
            case "POST" -> {
                byte[] data;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    data = in.readNBytes(MAX_POST_BYTES + 1);
                }
                if (data.length > MAX_POST_BYTES) {
                    error(response, callback, 413, "PayloadTooLargeException", "Message too long");
                    return true;
                }
                try {
                    connection.get().send(new String(data, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    error(response, callback, 410, "GoneException", null);
                    return true;
                }
                response.setStatus(200);
                callback.succeeded();
            }
            case "GET" -> JsonResponses.send(response, callback, 200, "{\"connectedAt\":\""
                + DateTimeFormatter.ISO_INSTANT.format(connection.get().connectedAt()) + "\",\"identity\":{\"sourceIp\":"
                + JsonResponses.quote(connection.get().sourceIp()) + ",\"userAgent\":"
                + JsonResponses.quote(String.valueOf(connection.get().userAgent())) + "},\"lastActiveAt\":\""
                + DateTimeFormatter.ISO_INSTANT.format(connection.get().lastActiveAt()) + "\"}");
            case "DELETE" -> {
                connection.get().close(1000, "Connection Closed Normally");
                response.setStatus(204);
                callback.succeeded();
            }
            default -> error(response, callback, 403, "ForbiddenException", "Missing Authentication Token");
        }
        return true;
    }

    private static void error(Response response, Callback callback, int status, String type, String message) {
        response.getHeaders().put("x-amzn-ErrorType", type);
        JsonResponses.send(response, callback, status, "{\"message\":" + (message == null ? "null" : JsonResponses.quote(message)) + "}");
    }
}
