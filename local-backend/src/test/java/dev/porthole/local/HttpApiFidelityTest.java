package dev.porthole.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.porthole.template.Template;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The local HTTP API sends payload-format-2.0 events and maps responses exactly as API Gateway does. */
class HttpApiFidelityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalBackend backend;

    @BeforeAll
    static void start() throws Exception {
        Template probe = Template.parse(Template.load().text()
            .replace("dev.porthole.backend.PortholeHandler::handleRequest", ProbeFunction.class.getName() + "::handleRequest"));
        backend = LocalBackend.start(LocalBackendOptions.inMemory(Backends.TOKEN).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(25)), probe);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @BeforeEach
    void forget() {
        ProbeFunction.SEEN.clear();
    }

    /** The next HTTP event the probe saw (WebSocket clients of other test classes may still report closing). */
    private static JsonNode event() throws Exception {
        while (true) {
            String seen = ProbeFunction.SEEN.poll(10, TimeUnit.SECONDS);
            assertThat(seen).as("no HTTP event reached the probe").isNotNull();
            if (seen.startsWith("{")) {
                return JSON.readTree(seen);
            }
        }
    }

    @Test
    void theEventIsFormatTwoWithDecodedPathLowercasedJoinedHeadersAndCookiesApart() throws Exception {
        java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build()
            .send(HttpRequest.newBuilder(URI.create(backend.publicUrl() + "caf%C3%A9/a%20b?x=1&x=2&y=%26"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"k\":\"v\"}"))
            .header("Content-Type", "application/json").header("X-Multi", "one").header("x-multi", "two")
            .header("Cookie", "a=1; b=2; =nameless").build(), HttpResponse.BodyHandlers.ofString());
        JsonNode event = event();
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("$default");
        assertThat(event.path("rawPath").asText()).isEqualTo("/café/a b");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("x=1&x=2&y=%26");
        assertThat(event.path("queryStringParameters").path("x").asText()).isEqualTo("1,2");
        assertThat(event.path("queryStringParameters").path("y").asText()).isEqualTo("&");
        assertThat(event.path("headers").path("x-multi").asText()).isEqualTo("one,two");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("headers").has("x-forwarded-for")).isTrue();
        // the JDK client asked to upgrade to HTTP/2; that is between it and API Gateway
        assertThat(event.path("headers").has("connection")).isFalse();
        assertThat(event.path("headers").has("upgrade")).isFalse();
        assertThat(event.path("headers").has("http2-settings")).isFalse();
        assertThat(event.path("cookies")).hasSize(2);
        assertThat(event.path("cookies").get(0).asText()).isEqualTo("a=1");
        assertThat(event.path("requestContext").path("http").path("method").asText()).isEqualTo("POST");
        assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("$default");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
        assertThat(event.path("body").asText()).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void onlyTextTypesArriveAsTextAndAGetHasNoBodyOrQueryFields() throws Exception {
        for (String type : new String[]{"application/octet-stream", "application/x-www-form-urlencoded", "image/png"}) {
            Backends.HTTP.send(HttpRequest.newBuilder(backend.publicUrl().resolve("b")).POST(HttpRequest.BodyPublishers.ofString("a=1"))
                .header("Content-Type", type).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode event = event();
            assertThat(event.path("isBase64Encoded").asBoolean()).as(type).isTrue();
            assertThat(event.path("body").asText()).isEqualTo("YT0x");
        }
        Backends.get(backend.publicUrl().resolve("plain"));
        JsonNode get = event();
        assertThat(get.has("body")).isFalse();
        assertThat(get.has("queryStringParameters")).isFalse();
        assertThat(get.has("cookies")).isFalse();
    }

    @Test
    void responsesAreMappedWithCookiesBase64AndInference() throws Exception {
        HttpResponse<byte[]> full = Backends.send(HttpRequest.newBuilder(backend.publicUrl().resolve("full")).build());
        assertThat(full.statusCode()).isEqualTo(418);
        assertThat(full.body()).containsExactly(0, 1, 2, 255);
        assertThat(full.headers().allValues("set-cookie")).containsExactly("a=1; Path=/", "b=2");
        assertThat(full.headers().firstValue("x-kept")).contains("yes");
        assertThat(full.headers().firstValue("apigw-requestid")).isPresent();

        HttpResponse<String> inferred = Backends.get(backend.publicUrl().resolve("no-status"));
        assertThat(inferred.statusCode()).isEqualTo(200);
        assertThat(inferred.headers().firstValue("content-type")).contains("application/json");
        assertThat(inferred.body()).isEqualTo("{\"hello\":\"world\"}");
        assertThat(Backends.get(backend.publicUrl().resolve("bare-string")).body()).isEqualTo("Hello");
    }

    @Test
    void failuresAreApiGatewaysOwnAnswers() throws Exception {
        for (String path : new String[]{"throw", "garbage", "bad-status"}) {
            HttpResponse<String> response = Backends.get(backend.publicUrl().resolve(path));
            assertThat(response.statusCode()).as(path).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        }
        long started = System.nanoTime();
        HttpResponse<String> slow = Backends.get(backend.publicUrl().resolve("sleep"));
        assertThat(slow.statusCode()).isEqualTo(503);
        assertThat(slow.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }
}
