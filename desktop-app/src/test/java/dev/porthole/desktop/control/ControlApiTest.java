package dev.porthole.desktop.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.desktop.AppContext;
import dev.porthole.desktop.Services;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.platform.Json;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.desktop.testing.EchoServer;
import dev.porthole.desktop.testing.Exchanges;
import dev.porthole.desktop.testing.FixedFileDialogs;
import dev.porthole.desktop.testing.RecordingDesktop;
import dev.porthole.desktop.testing.ScriptedDeployments;
import dev.porthole.desktop.testing.ScriptedLocalBackend;
import dev.porthole.desktop.testing.ScriptedTunnelService;
import dev.porthole.desktop.testing.ThreadUiExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The control API as a script uses it: the real server on loopback, the real view models behind it. */
class ControlApiTest {
    @TempDir
    Path dir;
    final ThreadUiExecutor ui = new ThreadUiExecutor();
    final ScriptedTunnelService tunnels = new ScriptedTunnelService();
    final HttpClient http = HttpClient.newHttpClient();
    AppContext app;
    URI url;
    String token;

    @BeforeEach
    void start() throws Exception {
        Services services = new Services(new ScriptedLocalBackend(), new ScriptedDeployments(), d -> tunnels,
                (host, port) -> CompletableFuture.completedFuture(true), Clock.systemUTC());
        app = ui.call(() -> {
            AppContext context = new AppContext(dir, new SettingsStore(dir), services, ui, new RecordingDesktop(),
                    new FixedFileDialogs(), true);
            context.start();
            return context;
        });
        JsonNode control = Json.MAPPER.readTree(dir.resolve("control.json").toFile());
        url = URI.create(control.get("url").asText());
        token = control.get("token").asText();
    }

    @AfterEach
    void close() throws Exception {
        ui.call(() -> {
            app.close();
            return null;
        });
        ui.close();
        http.close();
    }

    HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(url.resolve(path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void control_json_says_where_and_with_what_token_and_only_its_owner_can_read_it() throws Exception {
        Path file = dir.resolve("control.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(url.getScheme()).isEqualTo("http");
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isPositive();
        assertThat(url.getPath()).isEmpty();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void every_call_needs_the_token_and_this_computer() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(url.resolve("/api/tunnels")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(json(none).get("error").asText()).contains("control.json");
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(url.resolve("/api/tunnels"))
                .header("Authorization", "Bearer " + token + "x").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        // a page in a browser reaching 127.0.0.1 through a name of its own
        HttpResponse<String> rebound = http.send(HttpRequest.newBuilder(url.resolve("/api/tunnels"))
                .header("Authorization", "Bearer " + token).header("Host", "attacker.example:" + url.getPort()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rebound.statusCode()).isEqualTo(403);
    }

    @Test
    void a_script_creates_lists_stops_and_starts_tunnels() throws Exception {
        HttpResponse<String> created = call("POST", "/api/tunnels", "{\"name\": \"api\", \"localPort\": 3000}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).toString()).isEqualTo("{\"name\":\"api\",\"localPort\":3000,\"publicUrl\":null,\"status\":\"starting\"}");
        String key = ui.call(() -> app.tunnels().tunnels().getFirst().config().key());
        assertThat(tunnels.running(key)).as("created and started").isTrue();

        tunnels.status(key, new TunnelStatus.Online(URI.create("http://127.0.0.1:8123/shop-api/"), "shop-api"));
        JsonNode list = json(call("GET", "/api/tunnels", null));
        assertThat(list.isArray()).isTrue();
        assertThat(list.get(0).get("status").asText()).isEqualTo("online");
        assertThat(list.get(0).get("publicUrl").asText()).isEqualTo("http://127.0.0.1:8123/shop-api/");

        JsonNode stopped = json(call("POST", "/api/tunnels/api/stop", null));
        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        assertThat(tunnels.running(key)).isFalse();
        JsonNode started = json(call("POST", "/api/tunnels/api/start", null));
        assertThat(started.get("status").asText()).isEqualTo("starting");

        HttpResponse<String> spaced = call("POST", "/api/tunnels", "{\"name\": \"Shop web\", \"localPort\": 3001, \"tunnelId\": \"shop-web\"}");
        assertThat(spaced.statusCode()).isEqualTo(201);
        assertThat(ui.call(() -> app.tunnels().tunnels().getLast().config().reservedId())).isEqualTo("shop-web");
        assertThat(call("POST", "/api/tunnels/Shop%20web/stop", null).statusCode()).isEqualTo(200);
    }

    @Test
    void bad_input_is_answered_with_what_to_fix() throws Exception {
        HttpResponse<String> badPort = call("POST", "/api/tunnels", "{\"name\": \"x\", \"localPort\": 99999}");
        assertThat(badPort.statusCode()).isEqualTo(400);
        assertThat(json(badPort).get("error").asText()).isEqualTo("A port is a number from 1 to 65535.");
        assertThat(call("POST", "/api/tunnels", "{\"localPort\": 3000}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/tunnels", "not json").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/tunnels", "{\"name\": \"x\", \"localPort\": \"3000\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> badId = call("POST", "/api/tunnels", "{\"name\": \"x\", \"localPort\": 3000, \"tunnelId\": \"A\"}");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json(badId).get("error").asText()).contains("lowercase");
        assertThat(call("POST", "/api/tunnels", "{\"name\": \"x\", \"localPort\": 3000}").statusCode()).isEqualTo(201);
        HttpResponse<String> twice = call("POST", "/api/tunnels", "{\"name\": \"x\", \"localPort\": 3001}");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/tunnels/nope/stop", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/tunnels/x/stop", null).statusCode()).isEqualTo(405);
        assertThat(call("GET", "/api/requests?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/nothing", null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/requests/123/replay", null).statusCode()).isEqualTo(404);
    }

    @Test
    void requests_come_newest_first_and_one_is_replayed_through_the_engine() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            assertThat(call("POST", "/api/tunnels", "{\"name\": \"echo\", \"localPort\": " + echo.port() + "}").statusCode()).isEqualTo(201);
            String key = ui.call(() -> app.tunnels().tunnels().getFirst().config().key());
            LogEntry first = Exchanges.entry(key, Exchanges.exchange("GET", "/a?x=1", 200, "{}"));
            LogEntry second = Exchanges.entry(key, Exchanges.exchange("POST", "/hooks/b", 201, "{}"));
            ui.call(() -> {
                app.log().submit(first);
                app.log().submit(second);
                return null;
            });

            JsonNode requests = json(call("GET", "/api/requests?limit=1", null));
            assertThat(requests.size()).isEqualTo(1);
            assertThat(requests.get(0).toString()).isEqualTo("{\"id\":" + second.id() + ",\"tunnel\":\"Tunnel " + key
                    + "\",\"method\":\"POST\",\"path\":\"/hooks/b\",\"status\":201,\"durationMs\":14}");
            assertThat(json(call("GET", "/api/requests", null)).size()).isEqualTo(2);

            HttpResponse<String> replayed = call("POST", "/api/requests/" + first.id() + "/replay", null);
            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
            JsonNode entry = json(replayed);
            assertThat(entry.get("path").asText()).isEqualTo("/a");
            assertThat(entry.get("status").asInt()).isEqualTo(200);
            assertThat(echo.take().target()).isEqualTo("/a?x=1");
            JsonNode newest = json(call("GET", "/api/requests?limit=1", null)).get(0);
            assertThat(newest.get("id").asLong()).isEqualTo(entry.get("id").asLong());
            assertThat(ui.call(() -> app.log().find(entry.get("id").asLong()).orElseThrow().replayOf())).isEqualTo(first.id());
        }
    }

    @Test
    void closing_the_app_removes_control_json() throws Exception {
        ui.call(() -> {
            app.close();
            return null;
        });
        assertThat(dir.resolve("control.json")).doesNotExist();
    }

    @Test
    void a_script_reads_and_sets_a_tunnels_rules_secrets_masked_and_the_running_tunnel_reconnects_with_them() throws Exception {
        assertThat(call("POST", "/api/tunnels", "{\"name\": \"hooks\", \"localPort\": 3000}").statusCode()).isEqualTo(201);
        HttpResponse<String> none = call("GET", "/api/tunnels/hooks/rules", null);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(json(none)).isEqualTo(Json.MAPPER.readTree("{\"version\": 1, \"rules\": []}"));

        String secret = "whsec_0123456789abcdef4242";
        String policy = """
                {"version": 1, "rules": [
                  {"kind": "verify-webhook", "match": {"methods": ["POST"], "path": "/hooks/github"}, "provider": "github", "secret": "%s"},
                  {"kind": "rate-limit", "limit": 60, "per": "minute", "by": "ip"}]}
                """.formatted(secret);
        int starts = tunnels.started.size();
        HttpResponse<String> set = call("PUT", "/api/tunnels/hooks/rules", policy);
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).doesNotContain(secret).contains("\"redacted\":\"…4242\"");

        HttpResponse<String> read = call("GET", "/api/tunnels/hooks/rules", null);
        assertThat(read.body()).doesNotContain(secret);
        JsonNode rules = json(read).get("rules");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).get("secret").get("redacted").asText()).isEqualTo("…4242");
        assertThat(rules.get(1).get("by").asText()).isEqualTo("ip");

        // saved for the agent, in full, and the running tunnel started again with them
        waitUntil(() -> tunnels.started.size() > starts);
        assertThat(tunnels.started.getLast().rules().policy().rules()).hasSize(2);
        assertThat(Files.readString(dir.resolve("tunnels.json"))).contains(secret);
    }

    @Test
    void rules_that_are_not_valid_get_400_with_what_is_wrong_and_change_nothing() throws Exception {
        assertThat(call("POST", "/api/tunnels", "{\"name\": \"hooks\", \"localPort\": 3000}").statusCode()).isEqualTo(201);
        HttpResponse<String> notJson = call("PUT", "/api/tunnels/hooks/rules", "{\"version\": 1, \"rules\": [");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("error").asText()).startsWith("The rules are not valid: the policy is not valid JSON (line 1, column");

        HttpResponse<String> badRule = call("PUT", "/api/tunnels/hooks/rules",
                "{\"version\": 1, \"rules\": [{\"kind\": \"restrict-ips\", \"allow\": [\"10.1.2.3/8\"]}]}");
        assertThat(badRule.statusCode()).isEqualTo(400);
        assertThat(json(badRule).get("error").asText()).startsWith("The rules are not valid: rule 1 (restrict-ips): ")
                .contains("did you mean 10.0.0.0/8?").contains("(at /rules/0/allow");

        HttpResponse<String> masked = call("PUT", "/api/tunnels/hooks/rules",
                "{\"version\": 1, \"rules\": [{\"kind\": \"verify-webhook\", \"provider\": \"github\", \"secret\": {\"redacted\": \"…4242\"}}]}");
        assertThat(masked.statusCode()).isEqualTo(400);
        assertThat(json(masked).get("error").asText()).contains("the secret is redacted (…4242); give the secret itself");

        assertThat(json(call("GET", "/api/tunnels/hooks/rules", null)).get("rules")).isEmpty();
        assertThat(call("POST", "/api/tunnels/hooks/rules", "{}").statusCode()).isEqualTo(405);
        assertThat(call("GET", "/api/tunnels/nope/rules", null).statusCode()).isEqualTo(404);
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
