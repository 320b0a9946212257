package dev.porthole.backend.forward;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.porthole.protocol.HttpHeaders;
import dev.porthole.protocol.ResponseHead;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiResponsesTest {

    private static ResponseHead head(String... headers) {
        return new ResponseHead("id", 200, HttpHeaders.of(headers), 0, "", false);
    }

    @Test
    void everySetCookieBecomesItsOwnCookieAndOtherRepeatsAreJoined() {
        APIGatewayV2HTTPResponse r = HttpApiResponses.from(head(
            "Set-Cookie", "a=1; Path=/", "Vary", "Accept", "Set-Cookie", "b=2; HttpOnly", "vary", "Origin", "Set-Cookie", "c=3"),
            new byte[0], List.of("porthole_tunnel=x; Path=/"), 0).orElseThrow();
        assertThat(r.getCookies()).containsExactly("a=1; Path=/", "b=2; HttpOnly", "c=3", "porthole_tunnel=x; Path=/");
        assertThat(r.getHeaders()).containsEntry("Vary", "Accept, Origin").doesNotContainKey("Set-Cookie");
    }

    @Test
    void hopByHopHeadersAndTheLengthAreDropped() {
        APIGatewayV2HTTPResponse r = HttpApiResponses.from(head("Connection", "close, X-Private", "Transfer-Encoding", "chunked",
            "Content-Length", "5", "Keep-Alive", "timeout=5", "X-Private", "secret", "X-Kept", "yes"), new byte[0], List.of(), 0).orElseThrow();
        assertThat(r.getHeaders()).containsOnlyKeys("X-Kept");
    }

    @Test
    void textStaysTextAndEverythingElseIsBase64ByteForByte() {
        byte[] html = "<p>héllo</p>".getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPResponse text = HttpApiResponses.from(head("Content-Type", "text/html; charset=utf-8"), html, List.of(), 0).orElseThrow();
        assertThat(text.getIsBase64Encoded()).isFalse();
        assertThat(text.getBody()).isEqualTo("<p>héllo</p>");

        byte[] binary = new byte[4096];
        new Random(1).nextBytes(binary);
        for (ResponseHead h : List.of(head("Content-Type", "application/octet-stream"), head("Content-Type", "text/plain"),
            head("Content-Type", "application/json", "Content-Encoding", "gzip"), head())) {
            APIGatewayV2HTTPResponse r = HttpApiResponses.from(h, binary, List.of(), 0).orElseThrow();
            assertThat(r.getIsBase64Encoded()).as("%s", h.headers()).isTrue();
            assertThat(Base64.getDecoder().decode(r.getBody())).isEqualTo(binary);
        }
    }

    /** The function's output for a binary body, written from its bytes, is the JSON the bean serializer writes. */
    @Test
    void aBinaryBodyIsWrittenAsTheSameJsonAsItsBase64Text() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper plain = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL).build();
        com.fasterxml.jackson.databind.ObjectMapper withModule = plain.copy().registerModule(BinaryBodyResponse.jsonModule());
        for (int size : new int[] {0, 1, 2, 3, 100_001}) {
            byte[] binary = new byte[size];
            new Random(size).nextBytes(binary);
            for (List<String> extraCookies : List.of(List.<String>of(), List.of("porthole_tunnel=x; Path=/"))) {
                APIGatewayV2HTTPResponse r = HttpApiResponses.from(head("Content-Type", "image/png", "ETag", "\"1\""), binary,
                    extraCookies, 0).orElseThrow();
                APIGatewayV2HTTPResponse asText = APIGatewayV2HTTPResponse.builder().withStatusCode(r.getStatusCode())
                    .withHeaders(r.getHeaders()).withCookies(r.getCookies()).withBody(r.getBody()).withIsBase64Encoded(true).build();
                assertThat(withModule.readTree(withModule.writeValueAsBytes(r))).isEqualTo(plain.readTree(plain.writeValueAsBytes(asText)));
            }
        }
    }

    @Test
    void aResponseOverLambdasPayloadLimitIsRefusedInsteadOfFailingTheInvocation() {
        byte[] body = new byte[4_800_000];
        assertThat(HttpApiResponses.from(head("Content-Type", "application/zip"), body, List.of(), 6_291_456)).isEmpty();
        assertThat(HttpApiResponses.from(head("Content-Type", "application/zip"), body, List.of(), 0)).isPresent();
        assertThat(HttpApiResponses.from(head("Content-Type", "application/zip"), new byte[4_000_000], List.of(), 6_291_456)).isPresent();
    }
}
