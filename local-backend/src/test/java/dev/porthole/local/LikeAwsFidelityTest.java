package dev.porthole.local;

import dev.porthole.local.lambda.RuntimeSettings;
import dev.porthole.template.Template;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each caller sees when Lambda throttles the function, route by route, on a backend like a new AWS account whose
 * only execution environment is busy (concurrency 1): the HTTP API answers 500 {@code {"message":"Internal Server
 * Error"}}, a WebSocket handshake fails with 500, and a message on a one-way route gets API Gateway's
 * {@code "Internal server error"} notice. Lambda's 6 MB invoke payload limit is refused the same way. The probe function
 * holds the environment with {@code /sleep} (3 s).
 */
class LikeAwsFidelityTest {
    private static LocalBackend backend;

    @BeforeAll
    static void start() throws Exception {
        Template probe = Template.parse(Template.load().text()
            .replace("dev.porthole.backend.PortholeHandler::handleRequest", ProbeFunction.class.getName() + "::handleRequest"));
        backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN).likeAws()
            .withRuntime(RuntimeSettings.likeAws().withConcurrency(1).withColdStart(Duration.ZERO)
                .withReclaimAfter(Duration.ofHours(1), Duration.ofHours(1))), probe);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    /** Occupies the one execution environment for about 3 s; returns when the probe has started sleeping. */
    private static CompletableFuture<HttpResponse<String>> occupyTheOnlyEnvironment() throws InterruptedException {
        ProbeFunction.SEEN.clear();
        CompletableFuture<HttpResponse<String>> sleeping = Backends.HTTP.sendAsync(
            HttpRequest.newBuilder(backend.publicUrl().resolve("sleep")).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String seen = ProbeFunction.SEEN.poll(200, TimeUnit.MILLISECONDS);
            if (seen != null && seen.contains("\"rawPath\":\"/sleep\"")) {
                return sleeping;
            }
        }
        throw new AssertionError("the probe never started sleeping");
    }

    @Test
    void aThrottledHttpApiInvocationIsA500WithApiGatewaysBodyAndTheNextOneIsServed() throws Exception {
        CompletableFuture<HttpResponse<String>> sleeping = occupyTheOnlyEnvironment();

        HttpResponse<String> throttled = Backends.get(backend.publicUrl().resolve("while-busy"));
        assertThat(throttled.statusCode()).isEqualTo(500);
        assertThat(throttled.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(throttled.headers().firstValue("apigw-requestid")).isPresent();

        assertThat(sleeping.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(Backends.get(backend.publicUrl().resolve("after")).statusCode()).as("the environment is free again").isEqualTo(204);
    }

    @Test
    void aThrottledConnectFailsTheHandshakeWith500() throws Exception {
        CompletableFuture<HttpResponse<String>> sleeping = occupyTheOnlyEnvironment();

        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, Map.of())).isEqualTo(500);

        sleeping.get(20, TimeUnit.SECONDS);
        assertThat(TestAgent.handshakeStatus(backend.websocketUrl(), Backends.TOKEN, Map.of())).isEqualTo(101);
    }

    @Test
    void aThrottledMessageGetsApiGatewaysInternalServerErrorNotice() throws Exception {
        TextMessages texts = TextMessages.connect(backend.websocketUrl());
        try {
            CompletableFuture<HttpResponse<String>> sleeping = occupyTheOnlyEnvironment();

            texts.send("echo");
            String notice = texts.next();
            assertThat(notice).startsWith("{\"message\": \"Internal server error\", \"connectionId\":\"");

            sleeping.get(20, TimeUnit.SECONDS);
            texts.send("echo");
            assertThat(texts.next()).as("served once the environment is free").startsWith("echo from ");
        } finally {
            texts.abort();
        }
    }

    @Test
    void anEventOverLambdasSixMegabytePayloadLimitIsA500() throws Exception {
        // 5 MB of binary body becomes about 6.7 MB of base64 in the event
        byte[] body = new byte[5 * 1024 * 1024];
        new java.util.Random(7).nextBytes(body);
        HttpResponse<String> refused = Backends.HTTP.send(HttpRequest.newBuilder(backend.publicUrl().resolve("upload"))
            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");

        HttpResponse<String> small = Backends.HTTP.send(HttpRequest.newBuilder(backend.publicUrl().resolve("upload"))
            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024])).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).as("a body within the limit reaches the function").isEqualTo(204);
    }
}
