package dev.porthole.agent.tunnel;

import dev.porthole.protocol.Digests;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Signs one kind of request, an answer's {@code POST @connections/{id}} to the relay API, with AWS Signature Version
 * 4 exactly as the AWS SDK's signer signs it for {@code execute-api} (the same canonical request, signed headers and
 * signature; {@code AnswerSignerTest} compares the two). The SDK's general signer cost a tenth of the agent's CPU per
 * request, most of it spent on what never changes between two answers: the signing key, derived with four HMACs,
 * is derived here once a day, and the canonical request has one shape.
 *
 * <p>Signed, as the SDK signs them: {@code host}, {@code x-amz-content-sha256} (the payload's SHA-256, also the
 * canonical request's last line), {@code x-amz-date} and {@code x-amz-security-token}. The path is encoded once
 * more in the canonical URI, as SigV4 asks of every service but S3.
 */
final class AnswerSigner {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "execute-api";
    private static final String SIGNED_HEADERS = "host;x-amz-content-sha256;x-amz-date;x-amz-security-token";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private final AwsSessionCredentials credentials;
    private final String region;
    private final String host;
    private final Clock clock;
    private String keyDay;
    private byte[] signingKey;

    /** @param host the {@code Host} header's value, as it is sent */
    AnswerSigner(AwsSessionCredentials credentials, String region, String host, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.host = host;
        this.clock = clock;
    }

    /**
     * The request line and headers of a signed post, ending with the empty line.
     *
     * @param path the request's path as it is sent (already percent-encoded)
     */
    String head(String path, byte[] body, String userAgent) {
        String amzDate = AMZ_DATE.format(clock.instant());
        String day = amzDate.substring(0, 8);
        String scope = day + "/" + region + "/" + SERVICE + "/aws4_request";
        String payloadHash = HEX.formatHex(Digests.sha256(body));
        String canonicalRequest = "POST\n" + canonicalUri(path) + "\n\n"
            + "host:" + host + "\n"
            + "x-amz-content-sha256:" + payloadHash + "\n"
            + "x-amz-date:" + amzDate + "\n"
            + "x-amz-security-token:" + credentials.sessionToken() + "\n\n"
            + SIGNED_HEADERS + "\n"
            + payloadHash;
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
            + HEX.formatHex(Digests.sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(Digests.hmacSha256(signingKey(day), stringToSign));
        return "POST " + path + " HTTP/1.1\r\n"
            + "Host: " + host + "\r\n"
            + "X-Amz-Content-Sha256: " + payloadHash + "\r\n"
            + "X-Amz-Date: " + amzDate + "\r\n"
            + "X-Amz-Security-Token: " + credentials.sessionToken() + "\r\n"
            + "Authorization: " + ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
            + ", SignedHeaders=" + SIGNED_HEADERS + ", Signature=" + signature + "\r\n"
            + "Content-Length: " + body.length + "\r\n"
            + "User-Agent: " + userAgent + "\r\n\r\n";
    }

    /**
     * The path percent-encoded once more, slashes kept: everything but unreserved characters escaped, so {@code @}
     * becomes {@code %40} and {@code %} becomes {@code %25}.
     */
    static String canonicalUri(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
                || c == '~' || c == '/') {
                out.append(c);
            } else {
                out.append('%').append(UPPER_HEX.toHexDigits(b));
            }
        }
        return out.toString();
    }

    private synchronized byte[] signingKey(String day) {
        if (!day.equals(keyDay)) {
            byte[] key = Digests.hmacSha256(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
            key = Digests.hmacSha256(key, region);
            key = Digests.hmacSha256(key, SERVICE);
            signingKey = Digests.hmacSha256(key, "aws4_request");
            keyDay = day;
        }
        return signingKey;
    }
}
