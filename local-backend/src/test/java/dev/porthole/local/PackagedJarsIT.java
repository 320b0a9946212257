package dev.porthole.local;

import dev.porthole.protocol.Established;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The two jars as shipped: the Lambda function from porthole-lambda.jar alone, and the standalone server. */
class PackagedJarsIT {

    /** Everything the function needs must be in its jar: it runs here with nothing else on its classpath. */
    @Test
    void theDeployableFunctionJarWorksOnItsOwn() throws Exception {
        Path jar = Path.of(System.getProperty("porthole.lambdaJar"));
        assertThat(jar).exists();
        try (LocalBackend backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN).withFunctionJar(jar));
             TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established tunnel = agent.ready();
            CompletableFuture<HttpResponse<String>> pending = Backends.HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(tunnel.publicUrl() + "from-the-jar")).build(), HttpResponse.BodyHandlers.ofString());
            TestAgent.Request request = agent.nextRequest();
            agent.respond(request.head().id(), 200, HttpHeaders.of("Content-Type", "text/plain"), request.head().target().getBytes(StandardCharsets.UTF_8));
            assertThat(pending.join().body()).isEqualTo("/from-the-jar");
            assertThat(Backends.get(backend.publicUrl().resolve("_porthole/health")).body()).contains("\"version\":\"0.1.0-SNAPSHOT\"");
        }
    }

    @Test
    void theServerJarPrintsItsUrlsAndServes(@org.junit.jupiter.api.io.TempDir Path data) throws Exception {
        Path jar = Path.of(System.getProperty("porthole.localJar"));
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar.toString(), "--port", "0", "--token", Backends.TOKEN, "--data-dir", data.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            Matcher urls = Pattern.compile("websocket=(ws://\\S+) public=(http://\\S+) management=(http://\\S+)").matcher(String.valueOf(ready));
            assertThat(urls.matches()).as(ready).isTrue();
            try (TestAgent agent = TestAgent.connect(URI.create(urls.group(1)), Backends.TOKEN, Map.of())) {
                assertThat(agent.ready().publicUrl()).startsWith(urls.group(2));
            }
            assertThat(Files.list(data)).isNotEmpty();
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
