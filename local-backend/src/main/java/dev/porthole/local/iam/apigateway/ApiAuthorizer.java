package dev.porthole.local.iam.apigateway;

import dev.porthole.local.iam.identity.Decision;
import dev.porthole.local.iam.identity.Permissions;
import dev.porthole.local.iam.sigv4.SigV4Verifier;
import dev.porthole.local.iam.sigv4.SignedRequest;
import dev.porthole.local.iam.sigv4.Verification;

/**
 * API Gateway's {@code AWS_IAM} authorization, for the Management API ({@code execute-api:ManageConnections} on
 * {@code arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/@connections/<connectionId>}) and a
 * WebSocket route such as {@code $connect} ({@code execute-api:Invoke} on
 * {@code arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/$connect})
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-control-access-iam.html).
 * Every refusal is a 403 (the MISSING_AUTHENTICATION_TOKEN, INVALID_SIGNATURE, EXPIRED_TOKEN and ACCESS_DENIED
 * gateway responses all default to 403: supported-gateway-response-types), typed {@code ForbiddenException},
 * the Management API's 403 error, so the SDK's {@code ApiGatewayManagementApiClient} raises
 * {@code ForbiddenException}.
 */
public final class ApiAuthorizer {
    public static final String MANAGE_CONNECTIONS = "execute-api:ManageConnections";
    public static final String INVOKE = "execute-api:Invoke";
    private static final String ERROR_TYPE = "ForbiddenException";

    private final SigV4Verifier verifier;
    private final Permissions permissions;

    public ApiAuthorizer(SigV4Verifier verifier, Permissions permissions) {
        this.verifier = verifier;
        this.permissions = permissions;
    }

    public ApiAuthorization authorize(SignedRequest request, String action, String resourceArn) {
        return switch (verifier.verify(request, "execute-api", permissions.region())) {
            case Verification.Rejected rejected -> refused("message", switch (rejected.failure()) {
                case MISSING_AUTHENTICATION -> "Missing Authentication Token";
                case UNKNOWN_ACCESS_KEY, TOKEN_INVALID -> "The security token included in the request is invalid.";
                case TOKEN_EXPIRED -> "The security token included in the request is expired";
                default -> rejected.message();
            });
            case Verification.Verified verified -> {
                var principal = verified.credentials().principal();
                Decision decision = permissions.check(principal, action, resourceArn);
                if (decision instanceof Decision.Denied) {
                    // API Gateway's own wording has no "because ..." clause, and a capital "Message"
                    yield refused("Message", "User: " + principal.arn() + " is not authorized to perform: " + action
                        + " on resource: " + resourceArn);
                }
                yield new ApiAuthorization.Authorized(principal);
            }
        };
    }

    /** The ARN a Management API call is authorized on. */
    public static String connectionArn(String region, String accountId, String apiId, String stage, String method, String connectionId) {
        return "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/" + method + "/@connections/" + connectionId;
    }

    /** The ARN a WebSocket route ({@code $connect}, {@code $default}…) is invoked on. */
    public static String routeArn(String region, String accountId, String apiId, String stage, String routeKey) {
        return "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/" + routeKey;
    }

    private static ApiAuthorization refused(String messageField, String message) {
        return new ApiAuthorization.Refused(403, ERROR_TYPE, message, "{\"" + messageField + "\":" + quote(message) + "}");
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
