package dev.porthole.local;

import dev.porthole.protocol.Established;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** A public request through the local backend to an agent and back, with real parts all the way. */
class ForwardingTest {
    private final LocalBackend backend = Backends.shared();
    private final ExecutorService answering = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> unanswered = new CopyOnWriteArrayList<>();
    private TestAgent agent;
    private Established established;

    @BeforeEach
    void connect() throws InterruptedException {
        agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN);
        established = agent.ready();
    }

    @AfterEach
    void disconnect() {
        answering.shutdownNow();
        agent.close();
    }

    /**
     * Answers every request with {@code answer} until the test ends. An answer that cannot be posted is recorded in
     * {@link #unanswered} and the next request is answered still, so a test says which one failed and why.
     */
    private void answerWith(Function<TestAgent.Request, Answer> answer) {
        answering.execute(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    TestAgent.Request request = agent.pollRequest(Duration.ofMillis(200));
                    if (request != null) {
                        try {
                            Answer a = answer.apply(request);
                            agent.respond(request.head().id(), a.status(), a.headers(), a.body());
                        } catch (Exception e) {
                            unanswered.add(request.head().target() + ": " + e);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    record Answer(int status, HttpHeaders headers, byte[] body) {
    }

    private URI url(String pathAndQuery) {
        return URI.create(established.publicUrl() + pathAndQuery);
    }

    @Test
    void establishedNamesTheTunnelAndItsPublicUrl() {
        assertThat(established.tunnelId()).matches("[a-z2-7]{13}");
        assertThat(established.publicUrl()).isEqualTo(backend.publicUrl() + established.tunnelId() + "/");
        assertThat(established.maxBodyBytes()).isEqualTo(6L * 1024 * 1024);
        assertThat(established.resumeToken()).isNotBlank();
    }

    @Test
    void requestAndResponseKeepMethodPathQueryEveryHeaderAndCookie() throws Exception {
        answerWith(r -> new Answer(201, HttpHeaders.of("Content-Type", "text/plain", "Set-Cookie", "a=1; Path=/",
            "Set-Cookie", "b=2; HttpOnly", "Set-Cookie", "c=3", "X-Echo-Target", r.head().target(),
            "X-Echo-Method", r.head().method(), "X-Echo-Prefix", r.head().prefix(),
            "X-Echo-Cookie", r.head().headers().first("cookie").orElse(""),
            "X-Echo-Multi", String.join("|", r.head().headers().all("x-multi"))),
            ("got " + new String(r.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> response = Backends.HTTP.send(HttpRequest.newBuilder(url("caf%C3%A9/a%20b?tag=a&tag=b&q=x%26y"))
            .method("PATCH", HttpRequest.BodyPublishers.ofString("héllo"))
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("Cookie", "session=s1; theme=dark")
            .header("X-Multi", "one").header("X-Multi", "two")
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("got héllo");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("a=1; Path=/", "b=2; HttpOnly", "c=3");
        assertThat(response.headers().firstValue("x-echo-target")).contains("/caf%C3%A9/a%20b?tag=a&tag=b&q=x%26y");
        assertThat(response.headers().firstValue("x-echo-method")).contains("PATCH");
        assertThat(response.headers().firstValue("x-echo-prefix")).contains("/" + established.tunnelId());
        assertThat(response.headers().firstValue("x-echo-cookie")).contains("session=s1; theme=dark");
        // HTTP APIs join repeated request headers with commas
        assertThat(response.headers().firstValue("x-echo-multi")).contains("one,two");
    }

    @Test
    void bodiesOfEverySizeUpToFiveMegabytesPassBothWaysByteForByte() throws Exception {
        answerWith(r -> {
            byte[] reversed = r.body().clone();
            for (int i = 0, j = reversed.length - 1; i < j; i++, j--) {
                byte t = reversed[i];
                reversed[i] = reversed[j];
                reversed[j] = t;
            }
            return new Answer(200, HttpHeaders.of("Content-Type", "application/octet-stream"), reversed);
        });
        for (int size : new int[]{0, 1, 100 * 1024, 5 * 1024 * 1024}) {
            byte[] body = new byte[size];
            new Random(size).nextBytes(body);
            HttpResponse<byte[]> response = Backends.send(HttpRequest.newBuilder(url("upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/octet-stream").build());
            assertThat(response.statusCode()).as("size %d", size).isEqualTo(200);
            byte[] expected = body.clone();
            for (int i = 0, j = expected.length - 1; i < j; i++, j--) {
                byte t = expected[i];
                expected[i] = expected[j];
                expected[j] = t;
            }
            assertThat(response.body()).as("size %d", size).isEqualTo(expected);
        }
    }

    @Test
    void twoHundredRequestsInFlightEachGetTheirOwnAnswer() throws Exception {
        answerWith(r -> new Answer(200, HttpHeaders.of("Content-Type", "text/plain"), r.head().target().getBytes(StandardCharsets.UTF_8)));
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            responses.add(Backends.HTTP.sendAsync(HttpRequest.newBuilder(url("n/" + i + "?i=" + i)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> response = responses.get(i).join();
            if (response.statusCode() != 200 || !response.body().equals("/n/" + i + "?i=" + i)) {
                wrong.add("n/" + i + ": " + response.statusCode() + " " + response.headers().firstValue("x-porthole-error").orElse("")
                    + " " + response.body().lines().findFirst().orElse(""));
            }
        }
        assertThat(unanswered).as("answers the agent could not post").isEmpty();
        assertThat(wrong).isEmpty();
    }

    @Test
    void aRedirectReachesTheCallerUnfollowed() throws Exception {
        answerWith(r -> new Answer(302, HttpHeaders.of("Location", "/login?next=%2F"), new byte[0]));
        HttpResponse<String> response = Backends.get(url("private"));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("location")).contains("/login?next=%2F");
    }
}
