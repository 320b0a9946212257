package dev.porthole.local;

import dev.porthole.protocol.Established;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A real web app under https://host/<id>/ links to /static/app.js; those requests must still find the tunnel. */
class RoutingTest {
    private final LocalBackend backend = Backends.shared();

    @Test
    void absolutePathsFromATunnelsPageFollowTheRefererOrTheCookie() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established tunnel = agent.ready();

            // the page itself: HTML through the tunnel's URL sets the routing cookie
            CompletableFuture<HttpResponse<String>> page = Backends.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(tunnel.publicUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
            agent.respond(agent.nextRequest().head().id(), 200, HttpHeaders.of("Content-Type", "text/html", "Set-Cookie", "app=1"),
                "<script src=\"/static/app.js\"></script>".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> html = page.join();
            assertThat(html.headers().allValues("set-cookie")).contains("app=1")
                .anySatisfy(c -> assertThat(c).startsWith("porthole_tunnel=" + tunnel.tunnelId() + ";").contains("Path=/"));

            // the script, as a browser asks for it: no tunnel ID in the path, the page in the Referer
            CompletableFuture<HttpResponse<String>> script = Backends.HTTP.sendAsync(HttpRequest.newBuilder(backend.publicUrl().resolve("static/app.js"))
                .header("Referer", tunnel.publicUrl()).build(), HttpResponse.BodyHandlers.ofString());
            TestAgent.Request viaReferer = agent.nextRequest();
            assertThat(viaReferer.head().target()).isEqualTo("/static/app.js");
            assertThat(viaReferer.head().prefix()).isEmpty();
            agent.respond(viaReferer.head().id(), 200, HttpHeaders.of("Content-Type", "text/javascript"), "ok()".getBytes(StandardCharsets.UTF_8));
            assertThat(script.join().body()).isEqualTo("ok()");

            // a redirect to /dashboard carries no Referer of ours: the cookie routes it, and stays the backend's business
            CompletableFuture<HttpResponse<String>> dashboard = Backends.HTTP.sendAsync(HttpRequest.newBuilder(backend.publicUrl().resolve("dashboard?tab=2"))
                .header("Cookie", "app=1; porthole_tunnel=" + tunnel.tunnelId()).build(), HttpResponse.BodyHandlers.ofString());
            TestAgent.Request viaCookie = agent.nextRequest();
            assertThat(viaCookie.head().target()).isEqualTo("/dashboard?tab=2");
            assertThat(viaCookie.head().headers().first("cookie")).contains("app=1");
            agent.respond(viaCookie.head().id(), 204, HttpHeaders.EMPTY, new byte[0]);
            assertThat(dashboard.join().statusCode()).isEqualTo(204);
        }
    }

    @Test
    void aRefererFromAnotherSiteDoesNotRouteAndNothingLeaksBetweenTunnels() throws Exception {
        try (TestAgent agent = TestAgent.connect(backend.websocketUrl(), Backends.TOKEN)) {
            Established tunnel = agent.ready();
            HttpResponse<String> response = Backends.HTTP.send(HttpRequest.newBuilder(backend.publicUrl().resolve("static/app.js"))
                .header("Referer", "https://elsewhere.example/" + tunnel.tunnelId() + "/").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(agent.pollRequest(java.time.Duration.ofMillis(200))).isNull();
        }
    }
}
