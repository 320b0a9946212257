package dev.porthole.local.iam.sigv4;

import dev.porthole.local.iam.credentials.IssuedCredentials;

/** The outcome of checking a request's signature. */
public sealed interface Verification {

    /** Signed with credentials this backend issued: the request is theirs. */
    record Verified(IssuedCredentials credentials) implements Verification {
    }

    /**
     * @param message what AWS says in this case (never the secret or the expected signature)
     */
    record Rejected(SignatureFailure failure, String message) implements Verification {
    }
}
