package dev.porthole.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porthole.local.gateway.RequestBodies;
import dev.porthole.local.iam.LocalIam;
import dev.porthole.local.iam.identity.Decision;
import dev.porthole.local.iam.identity.Principal;
import dev.porthole.local.iam.sigv4.SignedRequest;
import dev.porthole.local.iam.sigv4.Verification;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What DynamoDB checks before it runs a request, put in front of DynamoDB Local (which accepts any
 * credentials): a Signature Version 4 signature for service {@code dynamodb} with credentials this backend
 * issued, then IAM permission for {@code dynamodb:<Operation>} (from {@code X-Amz-Target}) on each table the
 * request names, {@code arn:aws:dynamodb:<region>:<account>:table/<name>} (an index:
 * {@code .../table/<name>/index/<index>}). Refusals are answered as DynamoDB answers them: HTTP 400 with
 * {@code {"__type":"com.amazonaws.dynamodb.v20120810#<Error>","message":...}}, which the SDK turns into the
 * exception of that name (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
 */
final class DynamoDbAuthorization extends Handler.Wrapper {
    private static final System.Logger LOG = System.getLogger(DynamoDbAuthorization.class.getName());
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024; // DynamoDB Local's own limit
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalIam iam;
    private final String accountId;

    DynamoDbAuthorization(LocalIam iam, String accountId, Handler database) {
        super(database);
        this.iam = iam;
        this.accountId = accountId;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        byte[] body = RequestBodies.read(request, MAX_REQUEST_BYTES);
        if (body.length > MAX_REQUEST_BYTES) {
            return error(response, callback, "ValidationException", "Request size exceeds " + MAX_REQUEST_BYTES + " bytes");
        }
        Verification verification = iam.verifier().verify(SignedRequest.from(request, body), "dynamodb", iam.region());
        if (verification instanceof Verification.Rejected rejected) {
            return switch (rejected.failure()) {
                case MISSING_AUTHENTICATION -> error(response, callback, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
                case INCOMPLETE_SIGNATURE -> error(response, callback, "IncompleteSignatureException", rejected.message());
                case UNKNOWN_ACCESS_KEY, TOKEN_INVALID -> error(response, callback, "UnrecognizedClientException", "The security token included in the request is invalid.");
                case TOKEN_EXPIRED -> error(response, callback, "ExpiredTokenException", "The security token included in the request is expired");
                case SIGNATURE_MISMATCH, CLOCK_SKEW, EXPIRED -> error(response, callback, "InvalidSignatureException", rejected.message());
            };
        }
        Principal principal = ((Verification.Verified) verification).credentials().principal();
        String target = String.valueOf(request.getHeaders().get("X-Amz-Target"));
        if (!target.startsWith(TARGET_PREFIX)) {
            return error(response, callback, "UnknownOperationException", "The X-Amz-Target header names no DynamoDB operation");
        }
        String operation = target.substring(TARGET_PREFIX.length());
        List<Check> checks;
        try {
            checks = checks(operation, body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body));
        } catch (IOException e) {
            return error(response, callback, "SerializationException", "The request body is not valid JSON");
        }
        if (checks.isEmpty()) {
            return error(response, callback, "ValidationException", operation + " is not authorized by the local backend's IAM emulation; "
                + "use the operations the function uses (GetItem, PutItem, UpdateItem, DeleteItem, Query...)");
        }
        for (Check check : checks) {
            if (iam.permissions().check(principal, check.action(), check.resource()) instanceof Decision.Denied denied) {
                LOG.log(System.Logger.Level.DEBUG, "DynamoDB refused {0} on {1} for {2}", check.action(), check.resource(), principal.arn());
                return error(response, callback, "AccessDeniedException", denied.message(principal.arn(), check.action(), check.resource()));
            }
        }
        return super.handle(new ReplayedBody(request, body), response, callback);
    }

    private record Check(String action, String resource) {
    }

    /** The IAM actions and resources a request needs (Service Authorization Reference, Amazon DynamoDB). */
    private List<Check> checks(String operation, JsonNode body) {
        List<Check> checks = new ArrayList<>();
        String action = "dynamodb:" + operation;
        switch (operation) {
            case "ListTables", "DescribeLimits", "DescribeEndpoints" -> checks.add(new Check(action, "*"));
            case "BatchGetItem", "BatchWriteItem" -> body.path("RequestItems").fieldNames().forEachRemaining(t -> checks.add(new Check(action, table(t))));
            case "TransactGetItems", "TransactWriteItems" -> {
                // a transaction needs the permission of each item's own operation on its table
                for (JsonNode item : body.path("TransactItems")) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> part = it.next();
                        String itemAction = switch (part.getKey()) {
                            case "Get" -> "dynamodb:GetItem";
                            case "Put" -> "dynamodb:PutItem";
                            case "Update" -> "dynamodb:UpdateItem";
                            case "Delete" -> "dynamodb:DeleteItem";
                            case "ConditionCheck" -> "dynamodb:ConditionCheckItem";
                            default -> "dynamodb:" + part.getKey();
                        };
                        checks.add(new Check(itemAction, table(part.getValue().path("TableName").asText())));
                    }
                }
            }
            case "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction" -> {
                // PartiQL's actions depend on the statement; not emulated, so refused (empty list)
            }
            default -> {
                String table = table(body.path("TableName").asText());
                String index = body.path("IndexName").asText("");
                checks.add(new Check(action, index.isEmpty() ? table : table + "/index/" + index));
            }
        }
        return checks;
    }

    private String table(String name) {
        return "arn:aws:dynamodb:" + iam.region() + ":" + accountId + ":table/" + name;
    }

    private static boolean error(Response response, Callback callback, String type, String message) {
        response.setStatus(400);
        response.getHeaders().put("Content-Type", "application/x-amz-json-1.0");
        response.getHeaders().put("x-amzn-RequestId", UUID.randomUUID().toString());
        String json = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":" + quote(message) + "}";
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** The request with the body this front has already read, for DynamoDB Local to read again. */
    private static final class ReplayedBody extends Request.Wrapper {
        private final byte[] body;
        private final AtomicBoolean read = new AtomicBoolean();

        ReplayedBody(Request request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public Content.Chunk read() {
            return read.getAndSet(true) ? Content.Chunk.EOF : Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }
    }
}
