package dev.porthole.protocol;

import java.util.Objects;

/**
 * Where and how an agent posts its answers: to the relay connection named by each request's
 * {@link RequestHead#replyTo()}, through API Gateway's Management API of the backend's relay API, signed (SigV4,
 * service {@code execute-api}) with these temporary credentials. They allow nothing but posting to relay
 * connections, and expire; the agent asks for new ones with {@link Renew} before they do.
 *
 * @param endpoint        the Management API endpoint, e.g. {@code https://abc.execute-api.eu-west-1.amazonaws.com/porthole}
 * @param region          the AWS Region to sign for
 * @param expiresAt       when the credentials stop working, epoch seconds
 */
public record AnswerRoute(String endpoint, String region, String accessKeyId, String secretAccessKey, String sessionToken,
                          long expiresAt) {
    public AnswerRoute {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
    }

    @Override
    public String toString() {
        // the secret and the session token never appear in logs
        return "AnswerRoute[" + endpoint + ", " + region + ", key " + accessKeyId + ", expires " + expiresAt + "]";
    }
}
