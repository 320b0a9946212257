package dev.porthole.policy.webhook;

import dev.porthole.policy.PolicyRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Twilio: {@code X-Twilio-Signature: <base64 HMAC-SHA1, keyed with the account's Auth Token, of the full URL Twilio
 * requested followed, for a form POST, by every parameter's name and value sorted by name>}. A JSON body is not
 * signed itself: the URL carries {@code bodySHA256=<hex SHA-256 of the body>}, which must match, and the signature
 * covers the URL alone. As Twilio's own libraries do, the URL is tried as given, without its port and with the
 * scheme's default port, since Twilio may or may not have included one.
 * Sources: https://www.twilio.com/docs/usage/webhooks/webhooks-security and Twilio's twilio-java RequestValidator.
 */
public final class TwilioVerifier implements WebhookVerifier {
    static final String HEADER = "X-Twilio-Signature";
    private static final String BODY_HASH_PARAMETER = "bodySHA256";

    private final byte[] key;

    TwilioVerifier(byte[] key) {
        this.key = key.clone();
    }

    @Override
    public Verification verify(PolicyRequest request) {
        Optional<String> header = request.headers().first(HEADER);
        if (header.isEmpty()) {
            return Verification.invalid("the " + HEADER + " header is missing");
        }
        Optional<byte[]> given = Signatures.base64(header.get().strip(), Signatures.SHA1_BYTES);
        if (given.isEmpty()) {
            return Verification.invalid("the " + HEADER + " header is not a base64 HMAC-SHA1");
        }
        if (request.publicUrl().isEmpty()) {
            return Verification.invalid("the URL this request was sent to is unknown, so its Twilio signature cannot be checked");
        }
        String url = request.publicUrl().get();
        String signedParameters;
        Optional<String> bodyHash = queryParameter(url, BODY_HASH_PARAMETER);
        if (bodyHash.isPresent()) {
            Optional<byte[]> expectedHash = Signatures.hex(bodyHash.get(), Signatures.SHA256_BYTES);
            if (expectedHash.isEmpty() || !Signatures.same(Signatures.sha256(request.body()), expectedHash.get())) {
                return Verification.invalid("the body does not match the URL's " + BODY_HASH_PARAMETER + " parameter");
            }
            signedParameters = "";
        } else if (request.method().equalsIgnoreCase("POST") && isForm(request)) {
            Optional<String> sorted = sortedFormParameters(request.body());
            if (sorted.isEmpty()) {
                return Verification.invalid("the form body is not valid application/x-www-form-urlencoded");
            }
            signedParameters = sorted.get();
        } else {
            signedParameters = "";
        }
        boolean matched = false;
        for (String candidate : urlVariants(url)) {
            byte[] expected = Signatures.hmacSha1(key, (candidate + signedParameters).getBytes(StandardCharsets.UTF_8));
            matched |= Signatures.same(expected, given.get());
        }
        return matched ? Verification.valid() : Verification.invalid("the " + HEADER + " signature does not match the URL and parameters");
    }

    private static boolean isForm(PolicyRequest request) {
        return request.headers().first("content-type")
            .map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
            .orElse(false);
    }

    /** Name then value for each parameter, by name (then value, for a repeated name), with no separators. */
    static Optional<String> sortedFormParameters(byte[] body) {
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                try {
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    parameters.add(Map.entry(name, value));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        parameters.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> p : parameters) {
            out.append(p.getKey()).append(p.getValue());
        }
        return Optional.of(out.toString());
    }

    private static Optional<String> queryParameter(String url, String name) {
        int question = url.indexOf('?');
        if (question < 0) {
            return Optional.empty();
        }
        int hash = url.indexOf('#', question);
        String query = url.substring(question + 1, hash < 0 ? url.length() : hash);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(pair.substring(eq + 1));
            }
        }
        return Optional.empty();
    }

    /** The URL as given, without a port, and with the scheme's default port. */
    static Set<String> urlVariants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            return variants;
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = url.substring(authorityStart, authorityEnd);
        String rest = url.substring(authorityEnd);
        int portColon = authority.lastIndexOf(':');
        boolean hasPort = portColon > authority.lastIndexOf(']');
        String host = hasPort ? authority.substring(0, portColon) : authority;
        String prefix = url.substring(0, authorityStart);
        variants.add(prefix + host + rest);
        String defaultPort = switch (scheme) {
            case "https" -> "443";
            case "http" -> "80";
            default -> null;
        };
        if (defaultPort != null) {
            variants.add(prefix + host + ":" + defaultPort + rest);
        }
        return variants;
    }
}
