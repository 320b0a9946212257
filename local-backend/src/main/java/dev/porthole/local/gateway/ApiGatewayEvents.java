package dev.porthole.local.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The event JSON API Gateway sends the function, field for field as in real captures (see
 * shared/reference/aws-emulation.md). Absent parts are omitted, as API Gateway omits them.
 */
final class ApiGatewayEvents {
    /* Jackson's buffers from a pool shared by all threads: each request and message is handled on a new virtual thread */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
    private static final DateTimeFormatter REQUEST_TIME =
        DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Identifies the API an event came through. */
    record Api(String apiId, String stage, String domainName) {
    }

    private ApiGatewayEvents() {
    }

    static ObjectNode connect(Api api, String connectionId, Instant connectedAt, Map<String, List<String>> headers,
                              Map<String, List<String>> query, String sourceIp, String userAgent, String requestId) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode single = event.putObject("headers");
        ObjectNode multi = JSON.createObjectNode();
        headers.forEach((name, values) -> {
            single.put(name, values.get(values.size() - 1));
            ArrayNode array = multi.putArray(name);
            values.forEach(array::add);
        });
        event.set("multiValueHeaders", multi);
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            ObjectNode mq = JSON.createObjectNode();
            query.forEach((name, values) -> {
                q.put(name, values.get(values.size() - 1));
                ArrayNode array = mq.putArray(name);
                values.forEach(array::add);
            });
            event.set("multiValueQueryStringParameters", mq);
        }
        ObjectNode context = requestContext(event, api, "$connect", "CONNECT", connectionId, connectedAt, Instant.now(), requestId);
        ObjectNode identity = context.putObject("identity");
        identity.put("sourceIp", sourceIp);
        if (userAgent != null) {
            identity.put("userAgent", userAgent);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    static ObjectNode message(Api api, String routeKey, String connectionId, Instant connectedAt, String sourceIp,
                              String messageId, String requestId, String body) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode context = requestContext(event, api, routeKey, "MESSAGE", connectionId, connectedAt, Instant.now(), requestId);
        context.put("messageId", messageId);
        context.putObject("identity").put("sourceIp", sourceIp);
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return event;
    }

    static ObjectNode disconnect(Api api, String connectionId, Instant connectedAt, String sourceIp, int statusCode,
                                 String reason, String requestId) {
        ObjectNode event = JSON.createObjectNode();
        // API Gateway's DISCONNECT carries these four headers, empty but for Host
        ObjectNode headers = event.putObject("headers");
        headers.put("Host", api.domainName());
        headers.put("x-api-key", "");
        headers.put("X-Forwarded-For", "");
        headers.put("x-restapi", "");
        ObjectNode multi = event.putObject("multiValueHeaders");
        headers.fields().forEachRemaining(e -> multi.putArray(e.getKey()).add(e.getValue().asText()));
        ObjectNode context = requestContext(event, api, "$disconnect", "DISCONNECT", connectionId, connectedAt, Instant.now(), requestId);
        context.put("disconnectStatusCode", statusCode);
        context.put("disconnectReason", reason == null ? "" : reason);
        context.putObject("identity").put("sourceIp", sourceIp);
        event.put("isBase64Encoded", false);
        return event;
    }

    private static ObjectNode requestContext(ObjectNode event, Api api, String routeKey, String eventType, String connectionId,
                                             Instant connectedAt, Instant now, String requestId) {
        ObjectNode context = event.putObject("requestContext");
        context.put("routeKey", routeKey);
        context.put("eventType", eventType);
        context.put("extendedRequestId", requestId);
        context.put("requestTime", REQUEST_TIME.format(now));
        context.put("messageDirection", "IN");
        context.put("stage", api.stage());
        context.put("connectedAt", connectedAt.toEpochMilli());
        context.put("requestTimeEpoch", now.toEpochMilli());
        context.put("requestId", requestId);
        context.put("domainName", api.domainName());
        context.put("connectionId", connectionId);
        context.put("apiId", api.apiId());
        return context;
    }

    /** An HTTP API request in payload format 2.0. */
    static ObjectNode httpV2(Api api, PublicRequest request, String requestId) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", request.decodedPath());
        event.put("rawQueryString", request.rawQuery());
        if (!request.cookies().isEmpty()) {
            ArrayNode cookies = event.putArray("cookies");
            request.cookies().forEach(cookies::add);
        }
        ObjectNode headers = event.putObject("headers");
        request.joinedHeaders().forEach(headers::put);
        if (!request.rawQuery().isEmpty()) {
            ObjectNode query = event.putObject("queryStringParameters");
            request.joinedQuery().forEach(query::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", api.apiId());
        context.put("domainName", api.domainName());
        context.put("domainPrefix", api.domainName().split("[.:]", 2)[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.decodedPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", request.joinedHeaders().getOrDefault("user-agent", ""));
        context.put("requestId", requestId);
        context.put("routeKey", "$default");
        context.put("stage", api.stage());
        Instant now = Instant.now();
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (request.body().length > 0) {
            request.putBody(event);
        }
        event.put("isBase64Encoded", request.bodyIsBase64());
        return event;
    }

    /** An HTTP API request in payload format 1.0 (REST-style), for a template that asks for it. */
    static ObjectNode httpV1(Api api, PublicRequest request, String requestId) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "1.0");
        event.put("resource", "$default");
        event.put("path", request.decodedPath());
        event.put("httpMethod", request.method());
        ObjectNode headers = event.putObject("headers");
        ObjectNode multi = event.putObject("multiValueHeaders");
        request.headers().forEach((name, values) -> {
            headers.put(name, String.join(",", values));
            ArrayNode array = multi.putArray(name);
            values.forEach(array::add);
        });
        if (request.rawQuery().isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode query = event.putObject("queryStringParameters");
            ObjectNode multiQuery = event.putObject("multiValueQueryStringParameters");
            request.query().forEach((name, values) -> {
                query.put(name, values.get(values.size() - 1));
                ArrayNode array = multiQuery.putArray(name);
                values.forEach(array::add);
            });
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", api.apiId());
        context.put("domainName", api.domainName());
        context.put("httpMethod", request.method());
        context.put("path", request.decodedPath());
        context.put("protocol", request.protocol());
        context.put("requestId", requestId);
        context.put("resourcePath", "$default");
        context.put("stage", api.stage());
        context.putObject("identity").put("sourceIp", request.sourceIp());
        event.putNull("pathParameters");
        event.putNull("stageVariables");
        if (request.body().length > 0) {
            request.putBody(event);
        } else {
            event.putNull("body");
        }
        event.put("isBase64Encoded", request.bodyIsBase64());
        return event;
    }
}
