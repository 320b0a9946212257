package dev.porthole.local.gateway;

import org.eclipse.jetty.server.Request;

import java.util.Optional;

/** Interim: refuses requests without a SigV4 Authorization header; replaced by full verification. */
final class SignatureShapeAuthorizer implements IamAuthorizer {
    @Override
    public Optional<Refusal> authorize(Request request, byte[] body, String action, String resourceArn) {
        String authorization = request.getHeaders().get("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return Optional.of(new Refusal(403, "ForbiddenException", "Missing Authentication Token"));
        }
        return Optional.empty();
    }
}
