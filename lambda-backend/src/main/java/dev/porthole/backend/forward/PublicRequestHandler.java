package dev.porthole.backend.forward;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.porthole.backend.auth.VerifiedCredentials;
import dev.porthole.backend.aws.Connections;
import dev.porthole.backend.catching.CaughtRequests;
import dev.porthole.backend.relay.AgentReply;
import dev.porthole.backend.relay.PendingResponse;
import dev.porthole.backend.relay.Relay;
import dev.porthole.backend.relay.RelayException;
import dev.porthole.backend.store.TunnelPolicy;
import dev.porthole.backend.store.TunnelStore;
import dev.porthole.policy.PolicyRequest;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.policy.engine.Decision;
import dev.porthole.protocol.AnsweredByRule;
import dev.porthole.protocol.Handshake;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.Limits;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.ProtocolException;
import dev.porthole.protocol.BodySplitter;
import dev.porthole.protocol.RequestHead;
import dev.porthole.protocol.ResponseHead;
import software.amazon.awssdk.core.exception.SdkException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The public HTTP API (payload format 2.0): finds the tunnel, checks the caller's password, runs the tunnel's traffic
 * rules, sends the request to its agent, waits on the relay for the answer and returns it. Every way this can fail
 * ends in a short, specific answer — or in the rules' fallback response, when they have one for it.
 */
public final class PublicRequestHandler {
    private static final System.Logger LOG = System.getLogger(PublicRequestHandler.class.getName());
    /** Body chunks go out this many at a time: a 5 MB body is ~220 posts, too slow one by one on AWS. */
    private static final int PARALLEL_POSTS = 8;
    /**
     * A request the rules refused or answered by a view of the tunnel older than this gets one fresh look: a flood of
     * refused requests reads the table at most a few times a second per tunnel in an environment.
     */
    static final Duration RECHECK_AFTER = Duration.ofMillis(250);

    private final TunnelDirectory directory;
    private final TunnelRouter router;
    private final TunnelStore store;
    private final Connections connections;
    private final Relay relay;
    private final URI publicUrl;
    private final long maxBodyBytes;
    private final Duration requestTimeout;
    private final long invokePayloadLimit;
    private final CaughtRequests caught;
    /** Callers whose password was checked here lately: the slow hash runs once per caller, not per request. */
    private final VerifiedCredentials verified = new VerifiedCredentials();
    /** The tunnels' traffic rules, with this environment's rate-limit counts. */
    private final TrafficRules rules = new TrafficRules();
    private final RuleNotices notices;

    public PublicRequestHandler(TunnelDirectory directory, TunnelStore store, Connections connections, Relay relay,
                                URI publicUrl, long maxBodyBytes, Duration requestTimeout, long invokePayloadLimit,
                                CaughtRequests caught) {
        this.directory = directory;
        this.router = new TunnelRouter(directory);
        this.store = store;
        this.connections = connections;
        this.relay = relay;
        this.publicUrl = publicUrl;
        this.maxBodyBytes = maxBodyBytes;
        this.requestTimeout = requestTimeout;
        this.invokePayloadLimit = invokePayloadLimit;
        this.caught = caught;
        this.notices = new RuleNotices(connections);
    }

    /**
     * @param timeLeft how long this invocation may still run; the request's deadline stays inside it
     */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Duration timeLeft) {
        Instant arrived = Instant.now();
        Instant deadline = Instant.now().plus(min(requestTimeout, timeLeft.minusSeconds(1)));
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        String path = withoutStage(Optional.ofNullable(event.getRawPath()).orElse("/"), context.getStage());
        if (path.equals("/_porthole/health")) {
            return health();
        }
        if (path.startsWith("/_porthole/")) {
            return ErrorResponses.unknownTunnel("_porthole");
        }
        // the relay connects while the tunnel is looked up: neither waits for the other
        relay.warmUp();
        Map<String, String> requestHeaders = Optional.ofNullable(event.getHeaders()).orElse(Map.of());
        List<String> cookies = Optional.ofNullable(event.getCookies()).orElse(List.of());
        Optional<Route> found = router.route(path, Optional.ofNullable(requestHeaders.get("referer")),
            Optional.ofNullable(requestHeaders.get("host")), cookies);
        if (found.isEmpty()) {
            return ErrorResponses.unknownTunnel(TunnelRouter.firstSegment(path));
        }
        Route route = found.get();
        if (route.lookup().policy().rulesPending()) {
            // its agent has not sent its ready (which brings its rules) yet: a fresh look, then closed
            route = route.withLookup(directory.refresh(route.tunnelId()));
            if (route.lookup().policy().rulesPending()) {
                return ErrorResponses.offline(route.tunnelId());
            }
        }
        Optional<String> authorization = Optional.ofNullable(requestHeaders.get("authorization"));
        Optional<Route> authorized = authorize(route, authorization, true);
        if (authorized.isEmpty()) {
            return ErrorResponses.authenticationRequired(route.tunnelId());
        }
        route = authorized.get();
        TunnelPolicy policy = route.lookup().policy();
        boolean offline = route.lookup() instanceof TunnelDirectory.Lookup.Offline;
        if (offline && !policy.catchWhileOffline() && policy.rules().isEmpty()) {
            return ErrorResponses.offline(route.tunnelId());
        }
        byte[] body;
        try {
            body = body(event);
        } catch (IllegalArgumentException e) {
            return ErrorResponses.badRequest("the request body is marked base64 but is not valid base64");
        }
        if (body.length > maxBodyBytes) {
            return ErrorResponses.requestTooLarge(route.tunnelId(), body.length, maxBodyBytes);
        }
        String query = Optional.ofNullable(event.getRawQueryString()).orElse("");
        String target = PathEncoding.encode(route.path()) + (query.isEmpty() ? "" : "?" + query);
        HttpHeaders headers = forwardedHeaders(requestHeaders, cookies);
        String method = context.getHttp().getMethod();
        Judgement judgement = judge(route, event, authorization, target, headers, body, arrived, true);
        if (judgement.answer() != null) {
            return judgement.answer();
        }
        route = judgement.route();
        policy = route.lookup().policy();
        offline = route.lookup() instanceof TunnelDirectory.Lookup.Offline;
        Decision.Forward passed = judgement.passed();
        if (passed != null) {
            headers = passed.requestHeaders();
        }
        if (offline) {
            if (policy.catchWhileOffline()) {
                return caught.keep(route.tunnelId(), route.prefix(), method, target, withoutCredentials(route, headers), body,
                    passed == null ? null : passed.summary());
            }
            return orFallback(policy.rules(), ErrorResponses.offline(route.tunnelId()));
        }
        return orFallback(policy.rules(), forward(route, method, target, headers, body, deadline, true, passed));
    }

    /**
     * What the tunnel's rules made of a request: the answer, when they (or the password of a tunnel that changed
     * meanwhile) refused or answered it; otherwise the route it goes on with and how it passed (null without rules).
     */
    private record Judgement(Route route, Decision.Forward passed, APIGatewayV2HTTPResponse answer) {
        static Judgement answered(APIGatewayV2HTTPResponse answer) {
            return new Judgement(null, null, answer);
        }

        static Judgement goesOn(Route route, Decision.Forward passed) {
            return new Judgement(route, passed, null);
        }
    }

    /** @param mayRecheck whether a refusal or answer by a remembered view may get one fresh look */
    private Judgement judge(Route route, APIGatewayV2HTTPEvent event, Optional<String> authorization, String target, HttpHeaders headers,
                            byte[] body, Instant arrived, boolean mayRecheck) {
        TrafficPolicy tunnelRules = route.lookup().policy().rules();
        if (tunnelRules.isEmpty()) {
            return Judgement.goesOn(route, null);
        }
        PolicyRequest judged = judged(event, route, headers, body, publicUrl, arrived);
        Decision decision = rules.decide(tunnelRules, judged);
        if (mayRecheck && !(decision instanceof Decision.Forward)) {
            // The rules kept it from the agent, perhaps by a remembered view: an agent that connected since with other
            // rules (or none) must not be judged by its predecessor's for as long as the view is remembered.
            Route again = route.withLookup(directory.recheck(route.tunnelId(), RECHECK_AFTER));
            TunnelPolicy now = again.lookup().policy();
            if (!now.equals(route.lookup().policy())) {
                if (now.rulesPending()) {
                    return Judgement.answered(ErrorResponses.offline(route.tunnelId()));
                }
                if (authorize(again, authorization, false).isEmpty()) {
                    return Judgement.answered(ErrorResponses.authenticationRequired(route.tunnelId()));
                }
                return judge(again, event, authorization, target, headers, body, arrived, false);
            }
        }
        return outcome(route, decision, target, headers, judged, arrived);
    }

    private Judgement outcome(Route route, Decision decision, String target, HttpHeaders headers, PolicyRequest judged, Instant arrived) {
        return switch (decision) {
            case Decision.Forward forward -> Judgement.goesOn(route, forward);
            case Decision.Refuse refuse -> Judgement.answered(answeredByRule(route, judged.method(), target, headers, judged.sourceIp(),
                arrived, refuse, refuse.response(), refuse.code().code()));
            case Decision.Answer answer -> Judgement.answered(answeredByRule(route, judged.method(), target, headers, judged.sourceIp(),
                arrived, answer, answer.response(), null));
        };
    }

    /**
     * A request the rules refused or answered: the rules' response, and a word to the agent if it is connected (after
     * the caller's answer is on its way, never holding it up).
     */
    private APIGatewayV2HTTPResponse answeredByRule(Route route, String method, String target, HttpHeaders headers, String sourceIp,
                                                    Instant arrived, Decision decision, dev.porthole.policy.engine.PolicyResponse response,
                                                    String code) {
        APIGatewayV2HTTPResponse answer = TrafficRules.toResponse(response);
        if (route.lookup() instanceof TunnelDirectory.Lookup.Online online) {
            notices.tell(online.connectionId(), route.tunnelId(), new AnsweredByRule(method, target, withoutCredentials(route, headers),
                route.prefix(), sourceIp, arrived.toEpochMilli(), response.status(), code, decision.summary(), 0));
        }
        return answer;
    }

    /** The rules' fallback instead of Porthole's answer for an offline tunnel or a local service that is down, if they have one. */
    private APIGatewayV2HTTPResponse orFallback(TrafficPolicy tunnelRules, APIGatewayV2HTTPResponse response) {
        return rules.fallback(tunnelRules, response).map(answer -> TrafficRules.toResponse(answer.response())).orElse(response);
    }

    /**
     * The request as the rules judge it: the caller's address as API Gateway saw the connection
     * ({@code requestContext.http.sourceIp}, never a header the caller can write, such as {@code X-Forwarded-For}), the
     * path the local service would see, and the URL the caller used as Twilio signs it: this backend's scheme, the
     * {@code Host} the caller sent (or the public URL's), the path as sent (stage included) and the query.
     */
    static PolicyRequest judged(APIGatewayV2HTTPEvent event, Route route, HttpHeaders headers, byte[] body, URI publicUrl, Instant now) {
        String query = Optional.ofNullable(event.getRawQueryString()).orElse("");
        String host = headers.first("host").filter(h -> !h.isBlank()).orElse(publicUrl.getRawAuthority());
        String path = PathEncoding.encode(Optional.ofNullable(event.getRawPath()).orElse("/"));
        APIGatewayV2HTTPEvent.RequestContext.Http http = event.getRequestContext().getHttp();
        return PolicyRequest.builder(route.tunnelId(), http.getMethod(), route.path(), now)
            .query(query).headers(headers).body(body).sourceIp(http.getSourceIp())
            .publicUrl(publicUrl.getScheme() + "://" + host + path + (query.isEmpty() ? "" : "?" + query))
            .build();
    }

    /** @param passed what the tunnel's rules decided (their summary goes to the agent, their response edits apply); null without rules */
    private APIGatewayV2HTTPResponse forward(Route route, String method, String target, HttpHeaders headers, byte[] body,
                                             Instant deadline, boolean mayRetry, Decision.Forward passed) {
        String agent = ((TunnelDirectory.Lookup.Online) route.lookup()).connectionId();
        PendingResponse waiter;
        try {
            waiter = relay.expect(Duration.between(Instant.now(), deadline));
        } catch (RelayException e) {
            LOG.log(System.Logger.Level.ERROR, "relay unavailable: {0}", e.getMessage());
            return ErrorResponses.badGateway(route.tunnelId(), "relay-unavailable", "the backend could not open its relay connection");
        }
        try {
            RequestHead head = RequestHead.live(waiter.id(), method, target, withoutCredentials(route, headers), route.prefix(), waiter.replyTo())
                .withPolicy(passed == null ? null : passed.summary());
            List<byte[]> messages = BodySplitter.split(head, body, Limits.MAX_POSTED_MESSAGE_BYTES);
            if (!connections.post(agent, messages.get(0)) || !postAll(agent, messages.subList(1, messages.size()))) {
                return agentGone(route, method, target, headers, body, deadline, mayRetry, agent, passed);
            }
            AgentReply reply = waiter.await(Duration.between(Instant.now(), deadline), () -> stillConnected(agent));
            if (reply.head().status() < 200) {
                return notFinal(route.tunnelId(), reply.head().status());
            }
            List<String> extraCookies = route.explicit() && isHtml(reply) ? List.of(routingCookie(route.tunnelId())) : List.of();
            return HttpApiResponses.from(withResponseRules(reply.head(), passed), reply.body(), extraCookies, invokePayloadLimit)
                .orElseGet(() -> ErrorResponses.responseTooLarge(route.tunnelId(),
                    reply.body().length + " bytes do not fit AWS Lambda's " + invokePayloadLimit + "-byte response limit once base64-encoded"));
        } catch (ProtocolException e) {
            return ErrorResponses.of(431, "headers-too-large", "Porthole: the request headers are too large to forward: " + e.getMessage() + ".",
                "Send fewer or smaller headers or cookies.");
        } catch (RelayException e) {
            return failure(route, e);
        } catch (SdkException e) {
            LOG.log(System.Logger.Level.WARNING, "could not post to the agent of tunnel " + route.tunnelId(), e);
            return ErrorResponses.badGateway(route.tunnelId(), "post-failed", "the backend could not send the request to the agent");
        } finally {
            relay.forget(waiter);
        }
    }

    /**
     * The agent's connection is gone (API Gateway said 410: the agent crashed or lost its network, and its
     * {@code $disconnect} has not yet run): clear the stale owner and, if the tunnel has meanwhile moved to a newer
     * connection (the agent reconnected), try that once.
     */
    private APIGatewayV2HTTPResponse agentGone(Route route, String method, String target, HttpHeaders headers, byte[] body,
                                               Instant deadline, boolean mayRetry, String goneConnection, Decision.Forward passed) {
        directory.forget(route.tunnelId());
        store.release(route.tunnelId(), goneConnection);
        if (mayRetry) {
            Route now = route.withLookup(directory.lookup(route.tunnelId()));
            // the tunnel may have come back with another password: its new policy decides, not the old one
            if (authorize(now, headers.first("authorization"), false).isEmpty()) {
                return ErrorResponses.authenticationRequired(route.tunnelId());
            }
            // nor do its rules: a request judged by the old ones goes to the new connection only if they are the same
            boolean sameRules = !now.lookup().policy().rulesPending() && now.lookup().policy().rules().equals(route.lookup().policy().rules());
            if (now.lookup() instanceof TunnelDirectory.Lookup.Online online && !online.connectionId().equals(goneConnection) && sameRules) {
                return forward(now, method, target, headers, body, deadline, false, passed);
            }
            if (now.lookup() instanceof TunnelDirectory.Lookup.Offline offline && offline.policy().catchWhileOffline() && sameRules) {
                return caught.keep(route.tunnelId(), route.prefix(), method, target, withoutCredentials(now, headers), body,
                    passed == null ? null : passed.summary());
            }
        }
        // the request never reached an agent, and none is connected now: to the caller the tunnel is simply offline
        return ErrorResponses.offline(route.tunnelId());
    }

    /**
     * The route if the caller may use it: the tunnel is open, or the caller's Basic credentials match its digest.
     * A refusal based on a cached view gets one fresh look first, so a password changed a moment ago works at once.
     */
    private Optional<Route> authorize(Route route, Optional<String> authorization, boolean mayRefresh) {
        Optional<String> access = route.lookup().policy().access();
        if (access.isEmpty() || verified.authorizes(access.get(), authorization)) {
            return Optional.of(route);
        }
        return mayRefresh ? authorize(route.withLookup(directory.refresh(route.tunnelId())), authorization, false) : Optional.empty();
    }

    /**
     * The local service's response with the rules' response-header edits. An answer the agent made itself (its
     * {@code X-Porthole-Error}: the local service refused, failed, timed out) is not the local service's, and keeps its
     * own headers, as refusals and fallbacks do.
     */
    private static ResponseHead withResponseRules(ResponseHead head, Decision.Forward passed) {
        if (passed == null || passed.responseEdits().isEmpty() || head.headers().contains(ErrorResponses.ERROR_HEADER)) {
            return head;
        }
        return new ResponseHead(head.id(), head.status(), passed.responseHeaders(head.headers()), head.bodySize(), head.body(), head.more());
    }

    /** The tunnel's password is the backend's business, not the local service's. */
    private static HttpHeaders withoutCredentials(Route route, HttpHeaders headers) {
        return route.lookup().policy().access().isPresent() ? headers.without("authorization") : headers;
    }

    private boolean postAll(String agent, List<byte[]> messages) {
        if (messages.isEmpty()) {
            return true;
        }
        if (messages.size() == 1) {
            return connections.post(agent, messages.get(0));
        }
        Semaphore slots = new Semaphore(PARALLEL_POSTS);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>(messages.size());
            for (byte[] message : messages) {
                results.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        return connections.post(agent, message);
                    } finally {
                        slots.release();
                    }
                }));
            }
            boolean allDelivered = true;
            for (Future<Boolean> result : results) {
                allDelivered &= result.get();
            }
            return allDelivered;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof SdkException sdk ? sdk : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asked of API Gateway while a request waits long: a closed agent connection fails the request at once. */
    private boolean stillConnected(String agent) {
        try {
            return connections.isOpen(agent);
        } catch (SdkException e) {
            return true; // cannot tell: keep waiting for the deadline
        }
    }

    /**
     * A 1xx status is never an answer on its own (100 Continue, 101 Switching Protocols, 103 Early Hints precede the
     * real one), and API Gateway would deliver it to the caller as if it were final.
     */
    private static APIGatewayV2HTTPResponse notFinal(String tunnelId, int status) {
        String detail = status == 101
            ? "the local service switched protocols (101), but a public Porthole URL carries HTTP requests, not WebSocket or other upgrades"
            : "the local service answered with " + status + ", which is not a final response";
        return ErrorResponses.badGateway(tunnelId, "bad-response", detail);
    }

    private APIGatewayV2HTTPResponse failure(Route route, RelayException e) {
        String id = route.tunnelId();
        if (e.kind() == RelayException.Kind.RELAY_LOST) {
            LOG.log(System.Logger.Level.WARNING, "a request of tunnel {0} failed: {1}", id, e.getMessage());
        }
        return switch (e.kind()) {
            case TIMEOUT -> ErrorResponses.timeout(id, requestTimeout.toMillis());
            case AGENT_GONE -> ErrorResponses.agentGone(id, "it left while the request was in flight");
            case RESPONSE_TOO_LARGE -> ErrorResponses.responseTooLarge(id, e.getMessage());
            case AGENT_ERROR -> ErrorResponses.badGateway(id, "agent-error", e.getMessage());
            case BAD_RESPONSE -> ErrorResponses.badGateway(id, "bad-response", "the agent's answer was malformed (" + e.getMessage() + ")");
            case RELAY_LOST, RELAY_UNAVAILABLE -> ErrorResponses.badGateway(id, "relay-lost", "the backend lost its relay connection");
        };
    }

    private static HttpHeaders forwardedHeaders(Map<String, String> headers, List<String> cookies) {
        List<Header> lines = new ArrayList<>(headers.size() + 1);
        headers.forEach((name, value) -> {
            if (name != null && value != null && !name.equalsIgnoreCase("cookie")) {
                lines.add(new Header(name, value));
            }
        });
        // the routing cookie is the backend's business, not the local service's
        List<String> theirs = cookies.stream().filter(c -> !c.startsWith(TunnelRouter.COOKIE + "=")).toList();
        if (!theirs.isEmpty()) {
            lines.add(new Header("cookie", String.join("; ", theirs)));
        }
        return HttpHeaders.of(lines);
    }

    private String routingCookie(String tunnelId) {
        boolean https = "https".equalsIgnoreCase(publicUrl.getScheme());
        return TunnelRouter.COOKIE + "=" + tunnelId + "; Path=/; HttpOnly; SameSite=Lax" + (https ? "; Secure" : "");
    }

    private static boolean isHtml(AgentReply reply) {
        return reply.head().headers().first("content-type").map(t -> t.toLowerCase().startsWith("text/html")).orElse(false);
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            return new byte[0];
        }
        return event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    /** A named stage appears at the start of {@code rawPath}; the {@code $default} stage adds nothing. */
    static String withoutStage(String rawPath, String stage) {
        if (stage == null || stage.isEmpty() || stage.equals("$default")) {
            return rawPath;
        }
        String prefix = "/" + stage;
        if (rawPath.equals(prefix)) {
            return "/";
        }
        return rawPath.startsWith(prefix + "/") ? rawPath.substring(prefix.length()) : rawPath;
    }

    private static APIGatewayV2HTTPResponse health() {
        String version = Optional.ofNullable(PublicRequestHandler.class.getPackage().getImplementationVersion()).orElse("dev");
        return APIGatewayV2HTTPResponse.builder()
            .withStatusCode(200)
            .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"))
            .withBody("{\"status\":\"ok\",\"service\":\"porthole\",\"version\":\"" + version + "\",\"protocol\":" + Handshake.PROTOCOL_VERSION + "}")
            .withIsBase64Encoded(false)
            .build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
