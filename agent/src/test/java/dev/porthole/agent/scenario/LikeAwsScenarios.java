package dev.porthole.agent.scenario;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.TunnelAgent;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.backend.config.BackendConfig;
import dev.porthole.local.lambda.Invocation;
import dev.porthole.local.lambda.LambdaException;
import dev.porthole.local.testing.AwsCallCount;
import dev.porthole.local.testing.AwsCallCounter;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.template.Template;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scenarios of issue 11, each run against the local backend behaving like a new AWS account ({@code --like-aws}:
 * concurrency 10, 1 s cold starts, frozen and reclaimed environments, API Gateway's quotas, the 6 MB payload limit),
 * with the real agent and a real origin. Minutes of idleness are scaled to seconds where a scenario needs them (the
 * same ratio for every timer involved: reclaim, API Gateway's idle timeout, the agent's heartbeat, the relay's check).
 * Each returns what it saw; {@link LikeAwsScenariosTest} holds them to their goals, {@link ScenarioReport} prints them.
 */
final class LikeAwsScenarios {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private LikeAwsScenarios() {
    }

    /** S1: a page and its assets, loaded as a browser loads them (six connections), right after every environment went cold. */
    static ScenarioResult coldPage(int assets) throws Exception {
        var result = ScenarioResult.of("S1", "cold page", "every asset arrives, no 5xx, at concurrency 10");
        try (ScenarioStack stack = ScenarioStack.start(o -> o)) {
            stack.origin.handler(r -> r.rawTarget().equals("/") ? new Answer(200, HttpHeaders.of("Content-Type", "text/html"),
                page(assets).getBytes(StandardCharsets.UTF_8)) : Answer.text(200, "asset " + r.rawTarget()));
            URI url = stack.online(stack.agentOptions().build(), WAIT);
            stack.backend.hooks().reclaimIdleEnvironments();
            stack.backend.hooks().record();
            Instant start = Instant.now();
            HttpResponse<String> page = stack.http.send(HttpRequest.newBuilder(url).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            List<Integer> statuses = new ArrayList<>(List.of(page.statusCode()));
            Semaphore browser = new Semaphore(6);
            List<CompletableFuture<HttpResponse<String>>> loads = new ArrayList<>();
            for (int i = 0; i < assets; i++) {
                browser.acquire();
                loads.add(stack.http.sendAsync(HttpRequest.newBuilder(url.resolve("asset-" + i + ".js")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> browser.release()));
            }
            int wrong = 0;
            for (int i = 0; i < loads.size(); i++) {
                HttpResponse<String> asset = loads.get(i).join();
                statuses.add(asset.statusCode());
                if (!asset.body().equals("asset /asset-" + i + ".js")) {
                    wrong++;
                }
            }
            Duration took = Duration.between(start, Instant.now());
            List<Invocation> invocations = stack.backend.hooks().invocations();
            long errors = statuses.stream().filter(s -> s >= 500).count();
            result.figure("responses", statuses.size()).figure("5xx", errors).figure("wrong bodies", wrong)
                .figure("page + assets (ms)", took.toMillis())
                .figure("cold starts", invocations.stream().filter(Invocation::coldStart).count())
                .figure("throttled invocations", invocations.stream().filter(i -> i.failure() == LambdaException.Kind.THROTTLED).count())
                .figure("environments", stack.backend.hooks().executionEnvironments());
            return result.passed(errors == 0 && wrong == 0 && statuses.size() == assets + 1,
                statuses.size() + " responses, " + errors + " 5xx, in " + took.toMillis() + " ms");
        }
    }

    private static String page(int assets) {
        StringBuilder html = new StringBuilder("<!doctype html><title>app</title>");
        for (int i = 0; i < assets; i++) {
            html.append("<script src=\"asset-").append(i).append(".js\"></script>");
        }
        return html.toString();
    }

    /** S2: the first request after every environment went cold, with a given restore time. */
    static ScenarioResult firstRequestAfterIdle(Duration coldStart, Duration within) throws Exception {
        var result = ScenarioResult.of("S2", "first request after idle",
            "at most 1 cold start on its path; with " + coldStart.toMillis() + " ms cold starts, answered within " + within.toMillis() + " ms");
        try (ScenarioStack stack = ScenarioStack.start(o -> o.withRuntime(o.runtime().withColdStart(coldStart)))) {
            stack.origin.handler(r -> Answer.text(200, "hello"));
            URI url = stack.online(stack.agentOptions().build(), WAIT);
            stack.backend.hooks().reclaimIdleEnvironments();
            stack.backend.hooks().record();
            Instant start = Instant.now();
            HttpResponse<String> response = stack.http.send(HttpRequest.newBuilder(url).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            Instant end = Instant.now();
            Duration took = Duration.between(start, end);
            List<Invocation> cold = stack.backend.hooks().coldStartsBetween(start, end);
            // priming: the handler's own time in the first invocation after a restore, against warm ones
            Instant warmFrom = Instant.now();
            for (int i = 0; i < 10; i++) {
                get(stack, url.resolve("warm-" + i));
            }
            long firstHandlerMs = cold.stream().mapToLong(i -> i.handlerTime().toMillis()).sum();
            double warmHandlerMs = stack.backend.hooks().invocations().stream()
                .filter(i -> !i.startedAt().isBefore(warmFrom) && !i.coldStart() && new String(i.event(), StandardCharsets.UTF_8).contains("\"rawPath\""))
                .mapToLong(i -> i.handlerTime().toNanos()).average().orElse(0) / 1e6;
            result.figure("status", response.statusCode()).figure("latency (ms)", took.toMillis())
                .figure("cold starts on its path", cold.size())
                .figure("cold start (ms)", cold.stream().mapToLong(i -> i.coldStartTime().toMillis()).sum())
                .figure("handler, first invocation after restore (ms)", firstHandlerMs)
                .figure("handler, warm (ms, mean of 10)", String.format("%.1f", warmHandlerMs));
            return result.passed(response.statusCode() == 200 && cold.size() <= 1 && took.compareTo(within) <= 0,
                response.statusCode() + " after " + took.toMillis() + " ms, " + cold.size() + " cold start(s) on its path");
        }
    }

    /**
     * S3: a webhook every 7 minutes, time scaled: {@code minute} stands for a minute, for every timer (reclaim after
     * 5–15, API Gateway's idle limit of 10, the agent's heartbeat of 2, the relay's quiet check of 0.5).
     */
    static ScenarioResult sporadicWebhooks(int webhooks, Duration minute) throws Exception {
        var result = ScenarioResult.of("S3", "sporadic webhooks", "each answered, none paying a relay reopen plus a cold start");
        try (ScenarioStack stack = ScenarioStack.start(o -> o
            .withRuntime(o.runtime().withReclaimAfter(minute.multipliedBy(5), minute.multipliedBy(15)))
            .withConnectionLimits(minute.multipliedBy(10), minute.multipliedBy(120))
            .withFunctionVariable(BackendConfig.RELAY_QUIET_CHECK_MS, Long.toString(minute.toMillis() / 2)))) {
            stack.origin.handler(r -> Answer.text(200, "received " + new String(r.body(), StandardCharsets.UTF_8)));
            URI url = stack.online(stack.agentOptions().heartbeatInterval(minute.multipliedBy(2)).build(), WAIT);
            stack.backend.hooks().record();
            int answered = 0;
            int costly = 0;
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < webhooks; i++) {
                if (i > 0) {
                    Thread.sleep(minute.multipliedBy(7).toMillis());
                }
                long relaysBefore = stack.backend.hooks().relaysOpened();
                Instant start = Instant.now();
                HttpResponse<String> response = stack.http.send(HttpRequest.newBuilder(url.resolve("hook"))
                    .POST(HttpRequest.BodyPublishers.ofString("event " + i)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
                Instant end = Instant.now();
                int cold = stack.backend.hooks().coldStartsBetween(start, end).size();
                boolean relayOpened = stack.backend.hooks().relaysOpened() > relaysBefore;
                if (response.statusCode() == 200 && response.body().equals("received event " + i)) {
                    answered++;
                }
                // a relay opens without invoking the function, so a cold start and a relay opening together still wait
                // for one environment only; what the old design paid was a second cold start for the relay's $connect
                if (cold > 1) {
                    costly++;
                }
                seen.add(response.statusCode() + "/" + Duration.between(start, end).toMillis() + "ms/" + cold + "cold"
                    + (relayOpened ? "/relay" : ""));
            }
            result.figure("webhooks", webhooks).figure("answered", answered)
                .figure("with two cold starts on the path", costly).figure("each (status/latency/cold starts/relay opened)", String.join(" ", seen));
            return result.passed(answered == webhooks && costly == 0, answered + " of " + webhooks + " answered: " + String.join(" ", seen));
        }
    }

    /**
     * S4: relays that die. The environment holding a relay is reclaimed without a close frame, and the next request still
     * succeeds; then a relay dies silently under a waiting request (API Gateway forgets it, its environment hears
     * nothing), which fails with a clear 502 within about a second, and the request after it succeeds again.
     */
    static ScenarioResult deadRelay() throws Exception {
        var result = ScenarioResult.of("S4", "dead relay",
            "the next request succeeds; an answer that cannot reach its relay fails within a second with 502, never a 25 s wait");
        try (ScenarioStack stack = ScenarioStack.start(o -> o)) {
            AtomicLong slowFor = new AtomicLong();
            stack.origin.handler(r -> {
                Thread.sleep(slowFor.get());
                return Answer.text(200, "ok " + r.rawTarget());
            });
            URI url = stack.online(stack.agentOptions().build(), WAIT);
            stack.backend.hooks().record();
            int first = get(stack, url.resolve("one")).statusCode();
            String environment = lastHttpEnvironment(stack);
            stack.backend.hooks().reclaimIdleEnvironments();
            int afterReclaim = get(stack, url.resolve("two")).statusCode();

            String holder = lastHttpEnvironment(stack);
            List<String> relays = stack.backend.hooks().connectionsOf(holder);
            slowFor.set(4_000);
            CompletableFuture<HttpResponse<String>> waiting = stack.http.sendAsync(HttpRequest.newBuilder(url.resolve("three")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            Instant lost = Instant.now();
            relays.forEach(stack.backend.hooks()::forgetConnection);
            HttpResponse<String> failed = waiting.join();
            Duration failedAfter = Duration.between(lost, Instant.now());
            slowFor.set(0);
            int afterLoss = get(stack, url.resolve("four")).statusCode();
            String code = failed.headers().firstValue("x-porthole-error").orElse("");
            result.figure("first", first).figure("after reclaim of " + environment, afterReclaim)
                .figure("request whose relay died", failed.statusCode() + " " + code).figure("failed after (ms)", failedAfter.toMillis())
                .figure("next request", afterLoss);
            boolean passed = first == 200 && afterReclaim == 200 && failed.statusCode() == 502 && code.equals("relay-lost")
                && failedAfter.compareTo(Duration.ofMillis(2_000)) < 0 && afterLoss == 200;
            return result.passed(passed, "after a reclaim " + afterReclaim + "; a dead relay failed its request with " + failed.statusCode()
                + " " + code + " after " + failedAfter.toMillis() + " ms; then " + afterLoss);
        }
    }

    private static String lastHttpEnvironment(ScenarioStack stack) {
        List<Invocation> all = stack.backend.hooks().invocations();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (new String(all.get(i).event(), StandardCharsets.UTF_8).contains("\"rawPath\"")) {
                return all.get(i).environmentId();
            }
        }
        throw new IllegalStateException("no HTTP invocation recorded");
    }

    private static HttpResponse<String> get(ScenarioStack stack, URI url) throws Exception {
        return stack.http.send(HttpRequest.newBuilder(url).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** S5: parallel large downloads and uploads under the template's throttles; every byte compared. */
    static ScenarioResult bigBodies(int each, int bytes) throws Exception {
        var result = ScenarioResult.of("S5", "big bodies", each + " parallel " + bytes / 1_000_000 + " MB downloads and uploads: every byte arrives");
        byte[] body = text(bytes);
        String digest = sha256(body);
        try (ScenarioStack stack = ScenarioStack.start(o -> o)) {
            stack.origin.handler(r -> r.method().equals("GET") ? new Answer(200, HttpHeaders.of("Content-Type", "text/plain"), body)
                : Answer.text(200, sha256(r.body())));
            URI url = stack.online(stack.agentOptions().build(), WAIT);
            Instant start = Instant.now();
            List<CompletableFuture<HttpResponse<byte[]>>> downloads = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                downloads.add(stack.http.sendAsync(HttpRequest.newBuilder(url.resolve("file-" + i)).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
                uploads.add(stack.http.sendAsync(HttpRequest.newBuilder(url.resolve("upload-" + i)).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()));
            }
            int intact = 0;
            List<String> failures = new ArrayList<>();
            for (var download : downloads) {
                HttpResponse<byte[]> r = download.join();
                if (r.statusCode() == 200 && sha256(r.body()).equals(digest)) {
                    intact++;
                } else {
                    failures.add("download " + r.statusCode() + " " + r.headers().firstValue("x-porthole-error").orElse(""));
                }
            }
            for (var upload : uploads) {
                HttpResponse<String> r = upload.join();
                if (r.statusCode() == 200 && r.body().equals(digest)) {
                    intact++;
                } else {
                    failures.add("upload " + r.statusCode() + " " + r.headers().firstValue("x-porthole-error").orElse(""));
                }
            }
            Duration took = Duration.between(start, Instant.now());
            result.figure("transfers intact", intact + " of " + 2 * each).figure("all, in parallel (ms)", took.toMillis())
                .figure("failures", failures.isEmpty() ? "none" : String.join(", ", failures));
            return result.passed(intact == 2 * each, intact + " of " + 2 * each + " intact in " + took.toMillis() + " ms");
        }
    }

    /** Text bodies: binary ones grow by a third in base64, and 5 MB of binary does not fit Lambda's 6 MB payload. */
    private static byte[] text(int bytes) {
        byte[] out = new byte[bytes];
        java.util.Random random = new java.util.Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \n";
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** S6: many agents connect within a second, each serves a request, then all disconnect. */
    static ScenarioResult manyAgents(int count) throws Exception {
        var result = ScenarioResult.of("S6", "many agents", count + " agents connect within a second and each serves a request; "
            + "what $disconnect does stays bounded");
        try (ScenarioStack stack = ScenarioStack.start(o -> o)) {
            stack.origin.handler(r -> Answer.text(200, "served " + r.rawTarget()));
            stack.backend.hooks().record();
            Instant start = Instant.now();
            List<CompletableFuture<URI>> online = new ArrayList<>();
            try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < count; i++) {
                    online.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return stack.online(stack.agentOptions().build(), Duration.ofMinutes(2));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }, starting));
                }
            }
            List<URI> urls = online.stream().map(CompletableFuture::join).toList();
            Duration allOnline = Duration.between(start, Instant.now());
            int served = 0;
            for (URI url : urls) {
                if (get(stack, url.resolve("x")).statusCode() == 200) {
                    served++;
                }
            }
            AwsCallCounter.reset();
            int before = disconnects(stack);
            synchronized (stack.agents) {
                stack.agents.forEach(TunnelAgent::close);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (disconnects(stack) - before < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            int disconnected = disconnects(stack) - before;
            Map<String, Long> calls = AwsCallCounter.calls();
            long posts = calls.getOrDefault("ApiGatewayManagementApi.PostToConnection", 0L);
            long total = AwsCallCounter.total();
            long throttledConnects = stack.backend.hooks().invocations().stream().filter(i -> i.failure() == LambdaException.Kind.THROTTLED).count();
            result.figure("online", urls.size()).figure("all online after (ms)", allOnline.toMillis())
                .figure("throttled invocations (retried by the agents)", throttledConnects).figure("served", served)
                .figure("$disconnects", disconnected).figure("AWS calls per $disconnect", disconnected == 0 ? "-" : String.format("%.2f", (double) total / disconnected))
                .figure("posts to relays", posts);
            return result.passed(urls.size() == count && served == count && disconnected == count && posts == 0,
                count + " online after " + allOnline.toMillis() + " ms, " + served + " served, " + disconnected + " $disconnects, "
                    + String.format("%.1f", disconnected == 0 ? 0 : (double) total / disconnected) + " AWS calls each, no post to any relay");
        }
    }

    private static int disconnects(ScenarioStack stack) {
        return (int) stack.backend.hooks().invocations().stream()
            .filter(i -> new String(i.event(), StandardCharsets.UTF_8).contains("\"DISCONNECT\"")).count();
    }

    /**
     * S7: sustained load. At concurrency 10 a new account cannot hold 64 requests in flight (each holds one environment),
     * so this runs as an account that raised its quota to 100, with the public stage throttle raised for a load test.
     */
    static ScenarioResult load(int requests, int concurrency, int accountConcurrency) throws Exception {
        var result = ScenarioResult.of("S7", "load", requests + " requests at " + concurrency + " in flight, account concurrency "
            + accountConcurrency + ": 0 lost, 0 mismatched");
        Template loadTest = Template.parse(Template.load().text().replace(
            "ThrottlingBurstLimit: 200\n        ThrottlingRateLimit: 100", "ThrottlingBurstLimit: 5000\n        ThrottlingRateLimit: 10000"));
        // on a laptop sharing two cores with 64 new environments, a relay can take longer to open than in a Region:
        // the relays get the patience the local backend's fast default gives them (their opening time is not the test)
        try (ScenarioStack stack = ScenarioStack.start(o -> o.withRuntime(o.runtime().withConcurrency(accountConcurrency))
            .withFunctionVariable(BackendConfig.RELAY_PATIENCE_MS, "3000"), loadTest)) {
            stack.origin.handler(r -> Answer.text(200, r.rawTarget()));
            URI url = stack.online(stack.agentOptions().concurrency(Math.max(concurrency, 16)).build(), WAIT);
            for (int i = 0; i < 20; i++) {
                get(stack, url.resolve("warm-" + i));
            }
            AwsCallCount awsCalls = AwsCallCount.startingNow(stack.backend.hooks());
            AtomicInteger lost = new AtomicInteger();
            AtomicInteger mismatched = new AtomicInteger();
            Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
            Semaphore inFlight = new Semaphore(concurrency);
            Instant start = Instant.now();
            List<CompletableFuture<Void>> all = new ArrayList<>(requests);
            for (int i = 0; i < requests; i++) {
                inFlight.acquire();
                String target = "/n/" + i + "?i=" + i;
                all.add(stack.http.sendAsync(HttpRequest.newBuilder(url.resolve("n/" + i + "?i=" + i)).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
                        inFlight.release();
                        if (e != null) {
                            lost.incrementAndGet();
                        } else {
                            statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                            if (r.statusCode() != 200) {
                                lost.incrementAndGet();
                            } else if (!r.body().equals(target)) {
                                mismatched.incrementAndGet();
                            }
                        }
                        return null;
                    }));
            }
            all.forEach(CompletableFuture::join);
            Duration took = Duration.between(start, Instant.now());
            double callsPerRequest = (double) awsCalls.total() / requests;
            result.figure("requests", requests).figure("lost", lost.get()).figure("mismatched", mismatched.get())
                .figure("statuses", statuses).figure("requests/s", String.format("%.0f", requests / (took.toMillis() / 1000.0)))
                .figure("AWS calls per warm request", String.format("%.2f", callsPerRequest))
                .figure("account concurrency", accountConcurrency);
            return result.passed(lost.get() == 0 && mismatched.get() == 0, requests + " requests: " + lost.get() + " lost, "
                + mismatched.get() + " mismatched, " + String.format("%.2f", callsPerRequest) + " AWS calls each");
        }
    }
}
