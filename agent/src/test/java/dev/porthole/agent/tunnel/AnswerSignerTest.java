package dev.porthole.agent.tunnel;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer signer against the AWS SDK's own SigV4 signer, at the same instant: every signed header and the
 * signature must be the SDK's, for IDs and bodies of every kind, and across midnight (a new day's signing key).
 */
class AnswerSignerTest {
    private static final AwsSessionCredentials CREDENTIALS = AwsSessionCredentials.create("ASIAEXAMPLEKEY00001",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2VjEXAMPLE//token+with/slashes==");

    @Test
    void signsAnAnswerPostExactlyAsTheSdkSignsIt() {
        String[] ids = {"abc123", "Xy-_z9=", "connection+id/with%odd=chars", "ünïcode"};
        byte[][] bodies = {new byte[0], "{}".getBytes(StandardCharsets.UTF_8), filled(200_000)};
        Instant[] instants = {Instant.parse("2026-12-02T00:59:59Z"), Instant.parse("2026-12-02T23:59:59Z"),
            Instant.parse("2026-12-03T00:00:01Z")};
        for (String host : new String[] {"127.0.0.1:4510", "abcdef1234.execute-api.eu-west-1.amazonaws.com"}) {
            MovableClock clock = new MovableClock();
            AnswerSigner signer = new AnswerSigner(CREDENTIALS, "eu-west-1", host, clock);
            for (Instant at : instants) {
                clock.now = at;
                for (String id : ids) {
                    for (byte[] body : bodies) {
                        String path = "/_porthole/relay/local/@connections/" + SdkHttpUtils.urlEncode(id);
                        Map<String, String> ours = headers(signer.head(path, body, "porthole-test"));
                        Map<String, String> sdk = sdkSigned(host, path, body, at);
                        assertThat(ours.get("request-line")).isEqualTo("POST " + path + " HTTP/1.1");
                        for (String name : new String[] {"host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token", "authorization"}) {
                            assertThat(ours.get(name)).as(name + " for " + id + ", " + body.length + " bytes at " + at + " to " + host)
                                .isEqualTo(sdk.get(name));
                        }
                        assertThat(ours.get("content-length")).isEqualTo(Integer.toString(body.length));
                    }
                }
            }
        }
    }

    private static Map<String, String> sdkSigned(String host, String path, byte[] body, Instant at) {
        int colon = host.indexOf(':');
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("http")
            .host(colon < 0 ? host : host.substring(0, colon))
            .port(colon < 0 ? null : Integer.parseInt(host.substring(colon + 1)))
            .encodedPath(path)
            .putHeader("Host", host)
            .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(CREDENTIALS).request(request)
            .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
            .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
        Map<String, String> headers = new LinkedHashMap<>();
        signed.forEachHeader((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
        return headers;
    }

    private static Map<String, String> headers(String head) {
        assertThat(head).endsWith("\r\n\r\n");
        String[] lines = head.substring(0, head.length() - 4).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("request-line", lines[0]);
        for (String line : Arrays.copyOfRange(lines, 1, lines.length)) {
            int colon = line.indexOf(':');
            assertThat(headers.put(line.substring(0, colon).toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).strip()))
                .as("one " + line.substring(0, colon)).isNull();
        }
        return headers;
    }

    private static byte[] filled(int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        return body;
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.EPOCH;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
