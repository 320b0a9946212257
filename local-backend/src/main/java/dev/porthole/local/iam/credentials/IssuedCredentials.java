package dev.porthole.local.iam.credentials;

import dev.porthole.local.iam.identity.Principal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.time.Instant;
import java.util.Optional;

/**
 * Credentials the emulator handed out, and whose they are. Long-term ones ({@code AKIA...}) have no session
 * token and no expiry; temporary ones from STS ({@code ASIA...}) have both.
 */
public record IssuedCredentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken,
                                Optional<Instant> expiration, Principal principal) {

    public boolean temporary() {
        return sessionToken.isPresent();
    }

    /** The same credentials for the AWS SDK's clients. */
    public AwsCredentials toSdk() {
        return sessionToken.<AwsCredentials>map(token -> AwsSessionCredentials.builder().accessKeyId(accessKeyId)
                .secretAccessKey(secretAccessKey).sessionToken(token).expirationTime(expiration.orElse(null)).build())
            .orElseGet(() -> AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    /** Names the key and its principal, never the secret or the token (this ends up in logs). */
    @Override
    public String toString() {
        return "IssuedCredentials[" + accessKeyId + " of " + principal.arn() + expiration.map(e -> ", expires " + e).orElse("") + "]";
    }
}
