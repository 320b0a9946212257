package dev.porthole.agent.cli;

import dev.porthole.agent.testing.Origin;
import dev.porthole.agent.testing.Origin.Answer;
import dev.porthole.agent.testing.PublicCaller;
import dev.porthole.local.LocalBackend;
import dev.porthole.local.LocalBackendOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent as a process of its own (the packaged jar) in front of the real local backend, killed the hard way:
 * no close frame, no goodbye — what a crash, {@code kill -9} or a pulled plug looks like to the backend.
 */
class AgentProcessFaultsJarIT {
    private static final String TOKEN = "jar-faults-" + Long.toHexString(System.nanoTime());
    private static final Path JAR = Path.of("target", "porthole-agent.jar");

    private LocalBackend backend;
    private Origin origin;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        backend = LocalBackend.start(LocalBackendOptions.inMemory(TOKEN));
        origin = Origin.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        origin.close();
        backend.close();
    }

    /** Starts the agent jar and returns the public URL from its first line. */
    private URI startAgent(String tunnelId) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
            JAR.toString(), "http", Integer.toString(origin.port()), "--host", "127.0.0.1",
            "--backend", backend.websocketUrl().toString(), "--tunnel-id", tunnelId)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORTHOLE_TOKEN", TOKEN);
        Process process = builder.start();
        processes.add(process);
        String first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(first).startsWith("Forwarding ").endsWith(" -> http://127.0.0.1:" + origin.port());
        return URI.create(first.substring("Forwarding ".length(), first.indexOf(" -> ")));
    }

    @Test
    void aCallerGets502WithinAboutASecondWhenTheAgentDiesMidRequestAndARestartedAgentGetsTheSameUrl() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        origin.handler(r -> {
            never.await(30, TimeUnit.SECONDS);
            return Answer.text(200, "too late");
        });
        URI url = startAgent("crash-test");
        CompletableFuture<HttpResponse<byte[]>> inFlight = PublicCaller.HTTP.sendAsync(
            PublicCaller.request(URI.create(url + "stuck")).build(), HttpResponse.BodyHandlers.ofByteArray());
        origin.take(); // the request has reached the local service through the agent

        long killedAt = System.nanoTime();
        processes.getFirst().destroyForcibly();
        HttpResponse<byte[]> response = inFlight.get(20, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-porthole-error")).contains("agent-gone");
        assertThat(millis).as("the caller is told at once, not after the request deadline").isLessThan(1_500);

        never.countDown();
        origin.handler(r -> Answer.text(200, "back"));
        URI again = startAgent("crash-test");
        assertThat(again).isEqualTo(url);
        HttpResponse<byte[]> back = PublicCaller.get(URI.create(url + "after-restart"));
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(new String(back.body(), StandardCharsets.UTF_8)).isEqualTo("back");
    }
}
