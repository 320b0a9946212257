package dev.porthole.local.iam.sigv4;

import dev.porthole.local.iam.credentials.IssuedCredentials;
import dev.porthole.local.iam.identity.Principal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier against AWS's Signature Version 4 test suite: the cases that apply to services other than S3
 * (path normalization on), each re-created here from its request and published signature. Source: the suite as
 * kept in awslabs/aws-c-auth, tests/aws-signing-test-suite/v4/&lt;case&gt;/ (header-signed-request.txt,
 * query-signed-request.txt), which extends the suite of
 * https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html. Every case uses AKIDEXAMPLE,
 * 2015-08-30T12:36:00Z, us-east-1 and service "service". A case verifies, and the same request with one byte
 * of its signature changed does not.
 */
class SigV4TestSuiteTest {
    private static final String KEY = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String SHORT_TOKEN = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
    private static final String STS_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    private static final String SCOPE = "20150830/us-east-1/service/aws4_request";
    private static final Clock AT_SIGNING = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);

    /** A case of the suite: the request as sent, without Host and X-Amz-Date, which every case has. */
    record Vector(String name, String method, String target, List<String> headers, String body, String token,
                  String signedHeaders, String signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Vector> headerSigned() {
        return Stream.of(
            v("get-vanilla", "GET", "/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
            v("get-vanilla-query", "GET", "/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
            v("get-vanilla-empty-query-key", "GET", "/?Param1=value1", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
            v("get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
            v("get-vanilla-query-order-encoded", "GET", "/?Param-3=Value3&Param=Value2&%E1%88%B4=Value1", "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"),
            v("get-vanilla-query-unreserved", "GET", "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
            v("get-vanilla-utf8-query", "GET", "/?\u1234=bar", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
            v("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
            v("get-utf8", "GET", "/\u1234", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
            v("get-space-normalized", "GET", "/example space/", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
            v("get-relative-normalized", "GET", "/example/..", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
            v("get-relative-relative-normalized", "GET", "/example1/example2/../..", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
            v("get-slash-normalized", "GET", "//", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
            v("get-slash-dot-slash-normalized", "GET", "/./", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
            v("get-slash-pointless-dot-normalized", "GET", "/./example", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),
            v("get-slashes-normalized", "GET", "//example//", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
            new Vector("get-header-key-duplicate", "GET", "/", List.of("My-Header1:value2", "My-Header1:value2", "My-Header1:value1"), "", null,
                "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
            new Vector("get-header-value-order", "GET", "/", List.of("My-Header1:value4", "My-Header1:value1", "My-Header1:value3", "My-Header1:value2"), "", null,
                "host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
            new Vector("get-header-value-trim", "GET", "/", List.of("My-Header1: value1", "My-Header2: \"a   b   c\""), "", null,
                "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
            new Vector("get-header-value-multiline", "GET", "/", List.of("My-Header1:value1\n  value2\n     value3"), "", null,
                "host;my-header1;x-amz-date", "cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd"),
            new Vector("get-vanilla-with-session-token", "GET", "/", List.of("X-Amz-Security-Token:" + SHORT_TOKEN), "", SHORT_TOKEN,
                "host;x-amz-date;x-amz-security-token", "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
            v("post-vanilla", "POST", "/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
            v("post-vanilla-query", "POST", "/?Param1=value1", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
            v("post-vanilla-empty-query-value", "POST", "/?Param1=value1", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
            v("post-header-key-case", "POST", "/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
            new Vector("post-header-key-sort", "POST", "/", List.of("My-Header1:value1"), "", null,
                "host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
            new Vector("post-header-value-case", "POST", "/", List.of("My-Header1:VALUE1"), "", null,
                "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
            new Vector("post-sts-header-before", "POST", "/", List.of("X-Amz-Security-Token:" + STS_TOKEN), "", STS_TOKEN,
                "host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),
            new Vector("post-x-www-form-urlencoded", "POST", "/", List.of("Content-Type:application/x-www-form-urlencoded", "Content-Length:13",
                "x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"), "Param1=value1", null,
                "content-length;content-type;host;x-amz-content-sha256;x-amz-date", "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"),
            new Vector("post-x-www-form-urlencoded-parameters", "POST", "/", List.of("Content-Type:application/x-www-form-urlencoded; charset=utf-8", "Content-Length:13",
                "x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"), "Param1=value1", null,
                "content-length;content-type;host;x-amz-content-sha256;x-amz-date", "328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422"));
    }

    /** Presigned: authentication in the query string, X-Amz-Expires 3600. */
    static Stream<Vector> querySigned() {
        return Stream.of(
            q("get-vanilla", "/", "", null, "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"),
            q("get-utf8", "/\u1234", "", null, "10eae3f14a260bd3911cc6d008d3c576d143b05b62f09782a7a4b37f52178e44"),
            q("get-space-normalized", "/example space/", "", null, "7a1f416954786484c9824d93c1f26ef64acb9b1b6c9154d08c9f07d0e394abf6"),
            q("get-relative-relative-normalized", "/example1/example2/../..", "", null, "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"),
            q("get-vanilla-query-order-key-case", "/", "Param2=value2&Param1=value1&", null, "86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5"),
            q("get-vanilla-with-session-token", "/", "", SHORT_TOKEN, "7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSigned")
    void headerSignedVectorsVerify(Vector vector) {
        assertThat(verify(request(vector, vector.signature()), vector.token())).isInstanceOf(Verification.Verified.class);
        assertThat(verify(request(vector, tampered(vector.signature())), vector.token()))
            .isEqualTo(new Verification.Rejected(SignatureFailure.SIGNATURE_MISMATCH, "The request signature we calculated does not match the signature "
                + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("querySigned")
    void querySignedVectorsVerify(Vector vector) {
        assertThat(verify(presigned(vector, vector.signature()), vector.token())).isInstanceOf(Verification.Verified.class);
        assertThat(verify(presigned(vector, tampered(vector.signature())), vector.token()))
            .isInstanceOf(Verification.Rejected.class)
            .extracting(r -> ((Verification.Rejected) r).failure()).isEqualTo(SignatureFailure.SIGNATURE_MISMATCH);
    }

    private static Vector v(String name, String method, String target, String signature) {
        return new Vector(name, method, target, List.of(), "", null, "host;x-amz-date", signature);
    }

    private static Vector q(String name, String path, String queryBefore, String token, String signature) {
        String query = queryBefore + "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
            + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
            + (token == null ? "" : "&X-Amz-Security-Token=" + token);
        return new Vector(name, "GET", path + "?" + query, List.of(), "", token, "host", signature);
    }

    private static Verification verify(SignedRequest request, String token) {
        IssuedCredentials credentials = new IssuedCredentials(KEY, SECRET, Optional.ofNullable(token),
            Optional.ofNullable(token).map(t -> Instant.parse("2015-08-30T13:36:00Z")), new Principal.Administrator("000000000000"));
        return new SigV4Verifier(key -> key.equals(KEY) ? Optional.of(credentials) : Optional.empty(), AT_SIGNING)
            .verify(request, "service", "us-east-1");
    }

    private static SignedRequest request(Vector vector, String signature) {
        List<SignedRequest.Header> headers = headers(vector);
        headers.add(new SignedRequest.Header("X-Amz-Date", "20150830T123600Z"));
        headers.add(new SignedRequest.Header("Authorization", "AWS4-HMAC-SHA256 Credential=" + KEY + "/" + SCOPE
            + ", SignedHeaders=" + vector.signedHeaders() + ", Signature=" + signature));
        return build(vector, vector.target(), headers);
    }

    private static SignedRequest presigned(Vector vector, String signature) {
        return build(vector, vector.target() + "&X-Amz-Signature=" + signature, headers(vector));
    }

    private static List<SignedRequest.Header> headers(Vector vector) {
        List<SignedRequest.Header> headers = new ArrayList<>();
        headers.add(new SignedRequest.Header("Host", "example.amazonaws.com"));
        for (String header : vector.headers()) {
            int colon = header.indexOf(':');
            headers.add(new SignedRequest.Header(header.substring(0, colon), header.substring(colon + 1)));
        }
        return headers;
    }

    private static SignedRequest build(Vector vector, String target, List<SignedRequest.Header> headers) {
        int question = target.indexOf('?');
        return SignedRequest.of(vector.method(), question < 0 ? target : target.substring(0, question),
            question < 0 ? "" : target.substring(question + 1), headers, vector.body().getBytes(StandardCharsets.UTF_8));
    }

    private static String tampered(String signature) {
        return (signature.charAt(0) == '0' ? '1' : '0') + signature.substring(1);
    }
}
