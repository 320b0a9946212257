package dev.porthole.deploy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local server that speaks the wire protocols of the AWS services the deployer uses: CloudFormation
 * and STS (the Query protocol: form-encoded POSTs, XML answers), S3 (REST, path-style), Lambda (REST-JSON),
 * ACM and CloudWatch Logs (JSON 1.1: {@code X-Amz-Target}). The real SDK clients are pointed at it with an
 * endpoint override. Faults are injected the way AWS shows them: throttling answers, expired credentials (by
 * access key), denied calls, failing resources.
 *
 * <p>Out of the box it answers as a fresh, healthy account would: concurrency 1,000, no log groups but those its
 * stacks create, and any certificate ARN of the account issued for example.com and *.example.com.
 */
public final class FakeAws implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/]+)/");
    /** SigV4's credential scope: key/date/region/service/aws4_request. */
    static final Pattern SCOPE = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/\\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request");

    private final HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> throttles = new ConcurrentHashMap<>();
    private final Set<String> expiredKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    public final FakeLogs logs = new FakeLogs();
    public final FakeCloudFormation cloudFormation = new FakeCloudFormation(logs);
    public final FakeS3 s3 = new FakeS3();
    public final FakeLambda lambda = new FakeLambda();
    public final FakeAcm acm = new FakeAcm();

    private FakeAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public static FakeAws start() {
        try {
            return new FakeAws();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} calls of an action (a Query action, or "S3 PutObject" style names) are throttled. */
    public void throttle(String action, int times) {
        throttles.put(action, new AtomicInteger(times));
    }

    /** Calls of this name ("Lambda GetAccountSettings", "ACM DescribeCertificate", "Logs DescribeLogGroups"...) are refused as IAM refuses them. */
    public void deny(String call) {
        denied.add(call);
    }

    /** Requests signed with this access key get AWS's answer for expired credentials. */
    public void expire(String accessKeyId) {
        expiredKeys.add(accessKeyId);
    }

    /** Every call in order: the Query action, "S3 <method> <bucket|object>?<sub-resource>", or "<Lambda|ACM|Logs> <operation>". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public long count(String call) {
        return calls.stream().filter(call::equals).count();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange);
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            Matcher key = ACCESS_KEY.matcher(authorization);
            boolean expired = key.find() && expiredKeys.contains(key.group(1));
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null) {
                handleJson(exchange, target, body, authorization, expired);
                return;
            }
            String lambdaOperation = FakeLambda.operation(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
            if (lambdaOperation != null) {
                handleLambda(exchange, lambdaOperation, authorization, expired);
                return;
            }
            if (exchange.getRequestMethod().equals("POST") && contentType.startsWith("application/x-www-form-urlencoded")) {
                Map<String, String> form = parseForm(new String(body, StandardCharsets.UTF_8));
                String action = form.getOrDefault("Action", "");
                calls.add(action);
                boolean sts = form.getOrDefault("Version", "").equals("2011-06-15");
                String namespace = sts ? "https://sts.amazonaws.com/doc/2011-06-15/" : "http://cloudformation.amazonaws.com/doc/2010-05-15/";
                if (expired) {
                    send(exchange, 403, queryError(namespace, "ExpiredToken", "The security token included in the request is expired"));
                    return;
                }
                if (throttled(action)) {
                    send(exchange, 400, queryError(namespace, "Throttling", "Rate exceeded"));
                    return;
                }
                QueryAnswer answer = sts ? sts(action) : cloudFormation.handle(action, form);
                send(exchange, answer.status(), answer.status() == 200
                        ? new Xml().open(action + "Response", namespace).open(action + "Result").raw(answer.xml())
                          .close(action + "Result").open("ResponseMetadata").text("RequestId", UUID.randomUUID()).close("ResponseMetadata")
                          .close(action + "Response").toString()
                        : queryError(namespace, answer.code(), answer.xml()));
                return;
            }
            FakeS3.Request request = new FakeS3.Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    parseForm(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders(), decodeChunked(exchange, body));
            String name = "S3 " + request.operation();
            calls.add(name);
            if (expired) {
                sendS3(exchange, new FakeS3.Answer(403, s3Error("ExpiredToken", "The provided token has expired."), Map.of()));
                return;
            }
            if (throttled(name)) {
                sendS3(exchange, new FakeS3.Answer(503, s3Error("SlowDown", "Please reduce your request rate."), Map.of()));
                return;
            }
            sendS3(exchange, s3.handle(request));
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    /** ACM and CloudWatch Logs: JSON 1.1, the operation in X-Amz-Target, errors as {"__type", "message"}. */
    private void handleJson(HttpExchange exchange, String target, byte[] body, String authorization, boolean expired)
            throws IOException {
        int dot = target.indexOf('.');
        String prefix = dot < 0 ? target : target.substring(0, dot);
        String operation = dot < 0 ? "" : target.substring(dot + 1);
        String service = switch (prefix) {
            case "CertificateManager" -> "acm";
            case "Logs_20140328" -> "logs";
            default -> null;
        };
        String name = (service == null ? prefix : service.equals("acm") ? "ACM" : "Logs") + " " + operation;
        calls.add(name);
        JsonAnswer answer = service == null ? JsonAnswer.error(400, "UnknownOperationException", "Unknown target " + target)
                : refusal(name, service, authorization, expired, 400, "ThrottlingException")
                        .orElseGet(() -> {
                            var request = Json.parse(new String(body, StandardCharsets.UTF_8));
                            return service.equals("acm") ? acm.handle(operation, request) : logs.handle(operation, request);
                        });
        byte[] bytes = Json.write(answer.status() == 200 ? answer.body()
                : Map.of("__type", answer.code(), "message", answer.message())).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Lambda: REST-JSON, errors named by the x-amzn-ErrorType header. */
    private void handleLambda(HttpExchange exchange, String operation, String authorization, boolean expired) throws IOException {
        String name = "Lambda " + operation;
        calls.add(name);
        JsonAnswer answer = refusal(name, "lambda", authorization, expired, 429, "TooManyRequestsException")
                .orElseGet(() -> lambda.handle(operation));
        byte[] bytes = Json.write(answer.status() == 200 ? answer.body()
                : Map.of("Type", "User", "message", answer.message())).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (answer.status() != 200) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.code());
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** What AWS answers before it looks at the request: no or wrong signature, expired keys, IAM, throttling. */
    private Optional<JsonAnswer> refusal(String name, String service, String authorization, boolean expired,
                                         int throttleStatus, String throttleCode) {
        Matcher scope = SCOPE.matcher(authorization);
        if (!scope.find()) {
            return Optional.of(JsonAnswer.error(403, "MissingAuthenticationTokenException", "Missing Authentication Token"));
        }
        if (!scope.group(3).equals(service)) {
            return Optional.of(JsonAnswer.error(403, "InvalidSignatureException",
                    "Credential should be scoped to correct service: '" + service + "'."));
        }
        if (expired) {
            return Optional.of(JsonAnswer.error(403, "ExpiredTokenException", "The security token included in the request is expired"));
        }
        if (denied.contains(name)) {
            return Optional.of(JsonAnswer.error(403, "AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT
                    + ":user/developer is not authorized to perform: " + service + ":" + name.substring(name.indexOf(' ') + 1)
                    + " because no identity-based policy allows the " + service + ":" + name.substring(name.indexOf(' ') + 1) + " action"));
        }
        if (throttled(name)) {
            return Optional.of(JsonAnswer.error(throttleStatus, throttleCode, "Rate exceeded"));
        }
        return Optional.empty();
    }

    private boolean throttled(String action) {
        AtomicInteger left = throttles.get(action);
        return left != null && left.getAndDecrement() > 0;
    }

    private static QueryAnswer sts(String action) {
        if (!action.equals("GetCallerIdentity")) {
            return QueryAnswer.error(400, "InvalidAction", "Could not find operation " + action);
        }
        return QueryAnswer.ok(new Xml().text("Arn", "arn:aws:iam::" + ACCOUNT + ":user/developer")
                .text("UserId", "AIDAEXAMPLE").text("Account", ACCOUNT).body());
    }

    static String queryError(String namespace, String code, String message) {
        return new Xml().open("ErrorResponse", namespace).open("Error").text("Type", "Sender").text("Code", code)
                .text("Message", message).close("Error").text("RequestId", UUID.randomUUID()).close("ErrorResponse").toString();
    }

    static String s3Error(String code, String message) {
        return new Xml().open("Error").text("Code", code).text("Message", message).text("RequestId", "r").close("Error").toString();
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sendS3(HttpExchange exchange, FakeS3.Answer answer) throws IOException {
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("x-amz-request-id", "req-" + UUID.randomUUID());
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        if (exchange.getRequestMethod().equals("HEAD") || answer.status() == 204 || bytes.length == 0) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** S3 uploads may come in aws-chunked encoding (signed chunks with a checksum trailer): unwrap them. */
    private static byte[] decodeChunked(HttpExchange exchange, byte[] body) {
        String sha = String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-content-sha256"));
        String encoding = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        if (!sha.startsWith("STREAMING-") && !encoding.contains("aws-chunked")) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(body, at);
            String header = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";")[0].strip(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                break; // trailers follow
            }
            out.write(body, at, size);
            at += size + 2;
        }
        byte[] decoded = out.toByteArray();
        String declared = exchange.getRequestHeaders().getFirst("x-amz-decoded-content-length");
        if (declared != null && Long.parseLong(declared) != decoded.length) {
            throw new IllegalStateException("aws-chunked body is " + decoded.length + " bytes, declared " + declared);
        }
        return decoded;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("malformed aws-chunked body");
    }

    static Map<String, String> parseForm(String form) {
        Map<String, String> values = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return values;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(k, v);
        }
        return values;
    }

    /** A Query protocol answer: the inner XML of the Result element, or an error code and message. */
    record QueryAnswer(int status, String code, String xml) {
        static QueryAnswer ok(String xml) {
            return new QueryAnswer(200, null, xml);
        }

        static QueryAnswer error(int status, String code, String message) {
            return new QueryAnswer(status, code, message);
        }
    }

    /** A JSON protocol answer: a body to serialise, or an error code and message. */
    record JsonAnswer(int status, Object body, String code, String message) {
        static JsonAnswer ok(Object body) {
            return new JsonAnswer(200, body, null, null);
        }

        static JsonAnswer error(int status, String code, String message) {
            return new JsonAnswer(status, null, code, message);
        }
    }

    static <T> List<T> newestFirst(List<T> chronological) {
        List<T> copy = new ArrayList<>(chronological);
        Collections.reverse(copy);
        return copy;
    }
}
