package dev.porthole.local.gateway;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Errors the gateway itself answers (a malformed request, a failure inside it) in API Gateway's shape: the status
 * and {@code {"message":"<reason phrase>"}}. The reason is always the status's standard phrase — never an
 * exception's text, a stack or a class name, which would tell a public caller about our internals and nothing
 * they can act on.
 */
final class ApiGatewayErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        JsonResponses.message(response, callback, code, reasonOf(code));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(("{\"message\":" + JsonResponses.quote(reasonOf(status)) + "}").getBytes(StandardCharsets.UTF_8));
    }

    static String reasonOf(int status) {
        String reason = HttpStatus.getMessage(status);
        return reason == null || reason.isBlank() ? "Error" : reason;
    }
}
