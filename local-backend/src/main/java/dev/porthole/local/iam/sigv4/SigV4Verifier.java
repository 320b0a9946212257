package dev.porthole.local.iam.sigv4;

import dev.porthole.local.iam.credentials.CredentialLookup;
import dev.porthole.protocol.Digests;
import dev.porthole.local.iam.credentials.IssuedCredentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks AWS Signature Version 4, in the {@code Authorization} header or in the query string (a presigned
 * request), as AWS services do, against the credentials a {@link CredentialLookup} knows. Written from AWS's
 * documentation, not from a signer: "Create a signed AWS API request"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html), "Elements of an
 * AWS API request signature" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html)
 * and "Authenticating Requests: Using Query Parameters"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html). What it checks, in order:
 * the parts are all there; the access key was issued here; temporary credentials come with their session token
 * (and long-term ones without one); the credential scope names the request's date, this Region, this service
 * and {@code aws4_request}; {@code x-amz-content-sha256}, when sent, is the body's hash; the signature; the
 * date is within 5 minutes of now (a presigned request: not past {@code X-Amz-Expires}); the session has not
 * expired.
 */
public final class SigV4Verifier {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** how far a request's date may be from the server's clock (Elements of an AWS API request signature) */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final Duration MAX_PRESIGNED = Duration.ofDays(7);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final CredentialLookup credentials;
    private final Clock clock;
    private final SigningKeys signingKeys = new SigningKeys();

    public SigV4Verifier(CredentialLookup credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * @param service the signing name the scope must carry: {@code dynamodb}, {@code sts}, {@code execute-api}
     * @param region  the Region the scope must carry
     */
    public Verification verify(SignedRequest request, String service, String region) {
        Map<String, String> query = new LinkedHashMap<>();
        CanonicalRequest.decodedQuery(request.rawQuery()).forEach(p -> query.putIfAbsent(p.getKey(), p.getValue()));
        Optional<String> authorization = request.first("Authorization");
        if (authorization.isPresent()) {
            return fromHeader(request, authorization.get(), service, region);
        }
        if (query.containsKey("X-Amz-Algorithm")) {
            return fromQuery(request, query, service, region);
        }
        return rejected(SignatureFailure.MISSING_AUTHENTICATION, "Missing Authentication Token");
    }

    private Verification fromHeader(SignedRequest request, String authorization, String service, String region) {
        String value = authorization.strip();
        Map<String, String> parts = new LinkedHashMap<>();
        if (value.startsWith(ALGORITHM + " ")) {
            for (String part : value.substring(ALGORITHM.length() + 1).split(",")) {
                int equals = part.indexOf('=');
                if (equals > 0) {
                    parts.put(part.substring(0, equals).strip(), part.substring(equals + 1).strip());
                }
            }
        }
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!parts.containsKey(required) || parts.get(required).isEmpty()) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        Optional<String> amzDate = request.first("X-Amz-Date").or(() -> request.first("Date").flatMap(SigV4Verifier::fromHttpDate));
        if (amzDate.isEmpty()) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            return rejected(SignatureFailure.INCOMPLETE_SIGNATURE, missing.toString().strip());
        }
        List<String> signedHeaders = Arrays.asList(parts.get("SignedHeaders").split(";"));
        if (!signedHeaders.contains("host")) {
            return rejected(SignatureFailure.INCOMPLETE_SIGNATURE, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return check(request, new Claim(parts.get("Credential"), amzDate.get(), signedHeaders, parts.get("Signature"),
            request.first("X-Amz-Security-Token"), Optional.empty(), CanonicalRequest.canonicalQuery(request.rawQuery(), null)),
            service, region);
    }

    private Verification fromQuery(SignedRequest request, Map<String, String> query, String service, String region) {
        if (!ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
            return rejected(SignatureFailure.INCOMPLETE_SIGNATURE, "X-Amz-Algorithm only supports \"" + ALGORITHM + "\"");
        }
        for (String required : List.of("X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Expires")) {
            if (!query.containsKey(required) || query.get(required).isEmpty()) {
                return rejected(SignatureFailure.INCOMPLETE_SIGNATURE,
                    "AWS query-string parameters must include '" + required + "'. Re-examine the query-string parameters.");
            }
        }
        Duration expires;
        try {
            expires = Duration.ofSeconds(Long.parseLong(query.get("X-Amz-Expires")));
        } catch (NumberFormatException e) {
            return rejected(SignatureFailure.INCOMPLETE_SIGNATURE, "X-Amz-Expires should be a number");
        }
        if (expires.isNegative() || expires.compareTo(MAX_PRESIGNED) > 0) {
            return rejected(SignatureFailure.INCOMPLETE_SIGNATURE,
                "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        List<String> signedHeaders = Arrays.asList(query.get("X-Amz-SignedHeaders").split(";"));
        if (!signedHeaders.contains("host")) {
            return rejected(SignatureFailure.INCOMPLETE_SIGNATURE, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        return check(request, new Claim(query.get("X-Amz-Credential"), query.get("X-Amz-Date"), signedHeaders,
            query.get("X-Amz-Signature"), Optional.ofNullable(query.get("X-Amz-Security-Token")), Optional.of(expires),
            CanonicalRequest.canonicalQuery(request.rawQuery(), "X-Amz-Signature")), service, region);
    }

    /** What a request claims: who signed it, when, and what. */
    private record Claim(String credential, String amzDate, List<String> signedHeaders, String signature,
                         Optional<String> sessionToken, Optional<Duration> presignedFor, String canonicalQuery) {
    }

    private Verification check(SignedRequest request, Claim claim, String service, String region) {
        String[] scope = claim.credential().split("/");
        if (scope.length != 5) {
            return rejected(SignatureFailure.INCOMPLETE_SIGNATURE, "Credential should have exactly 5 parts: "
                + "<access key>/<date>/<region>/<service>/aws4_request, got " + scope.length + ".");
        }
        Instant date;
        try {
            date = amzDate(claim.amzDate());
        } catch (DateTimeException e) {
            return rejected(SignatureFailure.INCOMPLETE_SIGNATURE, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        Optional<IssuedCredentials> found = credentials.find(scope[0]);
        if (found.isEmpty()) {
            return rejected(SignatureFailure.UNKNOWN_ACCESS_KEY, "The security token included in the request is invalid.");
        }
        IssuedCredentials issued = found.get();
        boolean tokenMatches = issued.sessionToken().isPresent() && claim.sessionToken().isPresent()
            && MessageDigest.isEqual(issued.sessionToken().get().getBytes(StandardCharsets.UTF_8),
                claim.sessionToken().get().getBytes(StandardCharsets.UTF_8));
        if (issued.temporary() ? !tokenMatches : claim.sessionToken().isPresent()) {
            return rejected(SignatureFailure.TOKEN_INVALID, "The security token included in the request is invalid.");
        }
        String day = claim.amzDate().substring(0, 8);
        if (!scope[1].equals(day)) {
            return rejected(SignatureFailure.SIGNATURE_MISMATCH, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                + scope[1] + "' != '" + day + "', from '" + claim.amzDate() + "'.");
        }
        if (!scope[2].equals(region)) {
            return rejected(SignatureFailure.SIGNATURE_MISMATCH, "Credential should be scoped to a valid region. ");
        }
        if (!scope[3].equals(service)) {
            return rejected(SignatureFailure.SIGNATURE_MISMATCH, "Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (!scope[4].equals("aws4_request")) {
            return rejected(SignatureFailure.SIGNATURE_MISMATCH, "Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4] + "'. ");
        }
        String payloadHash = hex(Digests.sha256(request.body()));
        Optional<String> declared = request.first("x-amz-content-sha256");
        if (declared.isPresent() && !declared.get().strip().equalsIgnoreCase(payloadHash)) {
            return rejected(SignatureFailure.SIGNATURE_MISMATCH, "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonical = CanonicalRequest.of(request, claim.canonicalQuery(), claim.signedHeaders(), payloadHash);
        String stringToSign = ALGORITHM + "\n" + claim.amzDate() + "\n" + String.join("/", List.of(scope).subList(1, 5)) + "\n"
            + hex(Digests.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] expected = Digests.hmacSha256(signingKeys.of(issued.secretAccessKey(), day, region, service), stringToSign);
        if (!MessageDigest.isEqual(HexFormat.of().formatHex(expected).getBytes(StandardCharsets.US_ASCII),
                claim.signature().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return rejected(SignatureFailure.SIGNATURE_MISMATCH, "The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        Instant now = clock.instant();
        if (date.isAfter(now.plus(MAX_SKEW))) {
            return rejected(SignatureFailure.CLOCK_SKEW, "Signature not yet current: " + claim.amzDate() + " is still later than "
                + format(now.plus(MAX_SKEW)) + " (" + format(now) + " + 5 min.)");
        }
        if (claim.presignedFor().isPresent()) {
            if (now.isAfter(date.plus(claim.presignedFor().get()))) {
                return rejected(SignatureFailure.EXPIRED, "Request has expired");
            }
        } else if (date.isBefore(now.minus(MAX_SKEW))) {
            return rejected(SignatureFailure.CLOCK_SKEW, "Signature expired: " + claim.amzDate() + " is now earlier than "
                + format(now.minus(MAX_SKEW)) + " (" + format(now) + " - 5 min.)");
        }
        if (issued.expiration().filter(now::isAfter).isPresent()) {
            return rejected(SignatureFailure.TOKEN_EXPIRED, "The security token included in the request is expired");
        }
        return new Verification.Verified(issued);
    }

    /**
     * {@code yyyyMMdd'T'HHmmss'Z'}, read by hand: a {@link DateTimeFormatter} parse, with its field maps and resolver,
     * was a tenth of a signature check.
     */
    static Instant amzDate(String text) {
        if (text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z') {
            throw new DateTimeException("not yyyyMMdd'T'HHmmss'Z': " + text);
        }
        return LocalDateTime.of(digits(text, 0, 4), digits(text, 4, 6), digits(text, 6, 8), digits(text, 9, 11),
            digits(text, 11, 13), digits(text, 13, 15)).toInstant(ZoneOffset.UTC);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit in " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The signing key: HMAC chain of {@code AWS4<secret>}, date, Region, service, {@code aws4_request}. */
    static byte[] signingKey(String secret, String day, String region, String service) {
        byte[] key = Digests.hmacSha256(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), day);
        key = Digests.hmacSha256(key, region);
        key = Digests.hmacSha256(key, service);
        return Digests.hmacSha256(key, "aws4_request");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String format(Instant instant) {
        return AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** The {@code Date} header (RFC 1123) in the ISO 8601 basic form the string to sign uses. */
    private static Optional<String> fromHttpDate(String value) {
        try {
            return Optional.of(format(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Verification rejected(SignatureFailure failure, String message) {
        return new Verification.Rejected(failure, message);
    }
}
