package dev.porthole.local.iam.sigv4;

import dev.porthole.local.iam.credentials.CredentialStore;
import dev.porthole.local.iam.credentials.IssuedCredentials;
import dev.porthole.local.iam.identity.Principal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests signed by the AWS SDK's own signer ({@code AwsV4HttpSigner}, what the function uses to sign a
 * WebSocket upgrade) verify, and what AWS refuses is refused for the reason AWS gives.
 */
class SdkSignedRequestsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final CredentialStore store = new CredentialStore(Clock.fixed(NOW, ZoneOffset.UTC));
    private final IssuedCredentials temporary = store.issueTemporary(new Principal.Administrator("000000000000"), NOW.plus(Duration.ofHours(1)));
    private final IssuedCredentials longTerm = store.issueLongTerm(new Principal.Administrator("000000000000"));

    @Test
    void aWebSocketUpgradeSignedByTheSdkVerifies() {
        SdkHttpRequest upgrade = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
            .uri(URI.create("http://127.0.0.1:8080/_porthole/ws/local"))
            .putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade").putHeader("Sec-WebSocket-Version", "13")
            .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").putHeader("X-Porthole-Tunnel-Id", "abc")
            .build();
        var signed = sign(upgrade, temporary, "execute-api", Map.of());

        assertThat(verifier(NOW.plusSeconds(30)).verify(received(signed), "execute-api", "us-east-1"))
            .isEqualTo(new Verification.Verified(temporary));
    }

    @Test
    void aPresignedUpgradeVerifiesUntilItExpires() {
        SdkHttpRequest upgrade = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
            .uri(URI.create("http://127.0.0.1:8080/_porthole/ws/local?relay=1")).build();
        var signed = sign(upgrade, longTerm, "execute-api", Map.of(
            AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING,
            AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(10)));
        assertThat(signed.request().rawQueryParameters()).containsKeys("X-Amz-Signature", "X-Amz-Expires");

        assertThat(verifier(NOW.plus(Duration.ofMinutes(9))).verify(received(signed), "execute-api", "us-east-1"))
            .isInstanceOf(Verification.Verified.class);
        assertThat(verifier(NOW.plus(Duration.ofMinutes(11))).verify(received(signed), "execute-api", "us-east-1"))
            .isEqualTo(new Verification.Rejected(SignatureFailure.EXPIRED, "Request has expired"));
    }

    @Test
    void aManagementApiPathIsEncodedTwiceAsTheSdkSignsIt() {
        // the connection ID's '=' and '/' are encoded in the path the SDK sends; the signature covers them encoded again
        SdkHttpRequest post = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
            .uri(URI.create("http://127.0.0.1:8080/_porthole/ws/local/%40connections/R0oX%2FAdfD0kwCH6w%3D")).build();
        var signed = sign(post, longTerm, "execute-api", Map.of());

        assertThat(verifier(NOW).verify(received(signed), "execute-api", "us-east-1")).isInstanceOf(Verification.Verified.class);
        SignedRequest sdk = signed;
        var decodedOnTheWire = dev.porthole.local.iam.sigv4.SignedRequest.of("POST", "/_porthole/ws/local/@connections/R0oX%2FAdfD0kwCH6w=", "",
            received(sdk).headers(), new byte[0]);
        assertThat(verifier(NOW).verify(decodedOnTheWire, "execute-api", "us-east-1"))
            .as("another path on the wire is another request").extracting(v -> ((Verification.Rejected) v).failure())
            .isEqualTo(SignatureFailure.SIGNATURE_MISMATCH);
    }

    @Test
    void theScopeMustNameThisServiceAndRegion() {
        SdkHttpRequest get = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create("http://127.0.0.1:8080/")).build();
        var signed = sign(get, longTerm, "dynamodb", Map.of());

        assertThat(verifier(NOW).verify(received(signed), "execute-api", "us-east-1"))
            .isEqualTo(new Verification.Rejected(SignatureFailure.SIGNATURE_MISMATCH, "Credential should be scoped to correct service: 'execute-api'. "));
        assertThat(verifier(NOW).verify(received(signed), "dynamodb", "eu-west-1"))
            .isEqualTo(new Verification.Rejected(SignatureFailure.SIGNATURE_MISMATCH, "Credential should be scoped to a valid region. "));
    }

    @Test
    void aDateMoreThanFiveMinutesAwayIsRefusedEitherWay() {
        SdkHttpRequest get = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create("http://127.0.0.1:8080/")).build();
        var signed = sign(get, longTerm, "dynamodb", Map.of());

        assertThat(verifier(NOW.plus(Duration.ofMinutes(4))).verify(received(signed), "dynamodb", "us-east-1")).isInstanceOf(Verification.Verified.class);
        assertThat(verifier(NOW.plus(Duration.ofMinutes(6))).verify(received(signed), "dynamodb", "us-east-1"))
            .isEqualTo(new Verification.Rejected(SignatureFailure.CLOCK_SKEW,
                "Signature expired: 20260301T100000Z is now earlier than 20260301T100100Z (20260301T100600Z - 5 min.)"));
        assertThat(verifier(NOW.minus(Duration.ofMinutes(6))).verify(received(signed), "dynamodb", "us-east-1"))
            .isEqualTo(new Verification.Rejected(SignatureFailure.CLOCK_SKEW,
                "Signature not yet current: 20260301T100000Z is still later than 20260301T095900Z (20260301T095400Z + 5 min.)"));
    }

    @Test
    void sessionTokensBelongToTheirCredentialsOnly() {
        SdkHttpRequest get = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create("http://127.0.0.1:8080/")).build();
        IssuedCredentials other = store.issueTemporary(new Principal.Administrator("000000000000"), NOW.plus(Duration.ofHours(1)));
        IssuedCredentials wrongToken = new IssuedCredentials(temporary.accessKeyId(), temporary.secretAccessKey(), other.sessionToken(),
            temporary.expiration(), temporary.principal());
        IssuedCredentials noToken = new IssuedCredentials(temporary.accessKeyId(), temporary.secretAccessKey(), java.util.Optional.empty(),
            java.util.Optional.empty(), temporary.principal());

        for (IssuedCredentials bad : List.of(wrongToken, noToken)) {
            assertThat(verifier(NOW).verify(received(sign(get, bad, "sts", Map.of())), "sts", "us-east-1"))
                .isEqualTo(new Verification.Rejected(SignatureFailure.TOKEN_INVALID, "The security token included in the request is invalid."));
        }
        assertThat(verifier(NOW.plus(Duration.ofHours(2))).verify(received(sign(get, temporary, "sts", Map.of(),
                Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC))), "sts", "us-east-1"))
            .isEqualTo(new Verification.Rejected(SignatureFailure.TOKEN_EXPIRED, "The security token included in the request is expired"));
    }

    @Test
    void aBodyThatIsNotTheSignedOneIsRefused() {
        SdkHttpRequest post = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("http://127.0.0.1:8080/"))
            .putHeader("Content-Type", "application/x-amz-json-1.0").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity(longTerm)).request(post)
            .payload(software.amazon.awssdk.http.ContentStreamProvider.fromUtf8String("{\"TableName\":\"a\"}"))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
        var sent = received(signed);
        var swapped = dev.porthole.local.iam.sigv4.SignedRequest.of(sent.method(), sent.rawPath(), sent.rawQuery(), sent.headers(),
            "{\"TableName\":\"b\"}".getBytes());

        assertThat(verifier(NOW).verify(dev.porthole.local.iam.sigv4.SignedRequest.of(sent.method(), sent.rawPath(), sent.rawQuery(), sent.headers(),
            "{\"TableName\":\"a\"}".getBytes()), "dynamodb", "us-east-1")).isInstanceOf(Verification.Verified.class);
        assertThat(verifier(NOW).verify(swapped, "dynamodb", "us-east-1")).extracting(v -> ((Verification.Rejected) v).failure())
            .isEqualTo(SignatureFailure.SIGNATURE_MISMATCH);
    }

    @Test
    void unsignedAndMalformedRequestsSayWhatIsMissing() {
        var bare = dev.porthole.local.iam.sigv4.SignedRequest.of("GET", "/", "", List.of(new dev.porthole.local.iam.sigv4.SignedRequest.Header("Host", "h")), new byte[0]);
        assertThat(verifier(NOW).verify(bare, "dynamodb", "us-east-1")).extracting(v -> ((Verification.Rejected) v).failure())
            .isEqualTo(SignatureFailure.MISSING_AUTHENTICATION);
        var bearer = dev.porthole.local.iam.sigv4.SignedRequest.of("GET", "/", "", List.of(new dev.porthole.local.iam.sigv4.SignedRequest.Header("Host", "h"),
            new dev.porthole.local.iam.sigv4.SignedRequest.Header("Authorization", "Bearer abc")), new byte[0]);
        assertThat(verifier(NOW).verify(bearer, "dynamodb", "us-east-1")).isEqualTo(new Verification.Rejected(SignatureFailure.INCOMPLETE_SIGNATURE,
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."));
        var unknown = dev.porthole.local.iam.sigv4.SignedRequest.of("GET", "/", "", List.of(new dev.porthole.local.iam.sigv4.SignedRequest.Header("Host", "h"),
            new dev.porthole.local.iam.sigv4.SignedRequest.Header("X-Amz-Date", "20260301T100000Z"),
            new dev.porthole.local.iam.sigv4.SignedRequest.Header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN/20260301/us-east-1/dynamodb/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=00")), new byte[0]);
        assertThat(verifier(NOW).verify(unknown, "dynamodb", "us-east-1"))
            .isEqualTo(new Verification.Rejected(SignatureFailure.UNKNOWN_ACCESS_KEY, "The security token included in the request is invalid."));
        for (String date : List.of("2026-03-01T10:00:00Z", "20260301T100000", "20261301T100000Z", "20260230T100000Z",
            "20260301T250000Z", "2026O301T100000Z", "20260301X100000Z")) {
            var malformed = dev.porthole.local.iam.sigv4.SignedRequest.of("GET", "/", "", List.of(new dev.porthole.local.iam.sigv4.SignedRequest.Header("Host", "h"),
                new dev.porthole.local.iam.sigv4.SignedRequest.Header("X-Amz-Date", date),
                new dev.porthole.local.iam.sigv4.SignedRequest.Header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN/20260301/us-east-1/dynamodb/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=00")), new byte[0]);
            assertThat(verifier(NOW).verify(malformed, "dynamodb", "us-east-1")).as(date)
                .isEqualTo(new Verification.Rejected(SignatureFailure.INCOMPLETE_SIGNATURE,
                    "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""));
        }
        assertThat(SigV4Verifier.amzDate("20260301T100509Z")).isEqualTo(Instant.parse("2026-03-01T10:05:09Z"));
    }

    private SigV4Verifier verifier(Instant now) {
        return new SigV4Verifier(store, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SignedRequest sign(SdkHttpRequest request, IssuedCredentials credentials, String service, Map<Object, Object> properties) {
        return sign(request, credentials, service, properties, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SignedRequest sign(SdkHttpRequest request, IssuedCredentials credentials, String service, Map<Object, Object> properties, Clock clock) {
        return AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity(credentials)).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service).putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock);
            properties.forEach((k, v) -> r.putProperty((software.amazon.awssdk.http.auth.spi.signer.SignerProperty) k, v));
        });
    }

    private static AwsCredentialsIdentity identity(IssuedCredentials credentials) {
        return credentials.sessionToken()
            .<AwsCredentialsIdentity>map(t -> AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(), t))
            .orElseGet(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()));
    }

    /** The signed request as a server receives it: the encoded path and query, the headers, Host among them. */
    private static dev.porthole.local.iam.sigv4.SignedRequest received(SignedRequest signed) {
        SdkHttpRequest request = signed.request();
        List<dev.porthole.local.iam.sigv4.SignedRequest.Header> headers = new ArrayList<>();
        request.forEachHeader((name, values) -> values.forEach(v -> headers.add(new dev.porthole.local.iam.sigv4.SignedRequest.Header(name, v))));
        if (request.firstMatchingHeader("Host").isEmpty()) {
            headers.add(new dev.porthole.local.iam.sigv4.SignedRequest.Header("Host", request.host() + ":" + request.port()));
        }
        String uri = request.getUri().getRawPath();
        String query = request.getUri().getRawQuery();
        return dev.porthole.local.iam.sigv4.SignedRequest.of(request.method().name(), uri, query, headers, new byte[0]);
    }
}
