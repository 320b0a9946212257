package dev.porthole.local.iam.credentials;

import java.util.Optional;

/** Finds the credentials an access key ID belongs to. */
@FunctionalInterface
public interface CredentialLookup {
    Optional<IssuedCredentials> find(String accessKeyId);
}
