package dev.porthole.local.gateway;

import dev.porthole.local.iam.sigv4.SignedRequest;

import java.util.Optional;

/**
 * Decides whether a request signed with AWS credentials may do what it asks, as API Gateway decides for
 * IAM-authorised routes and its Management API: the SigV4 signature (scope, clock skew, session token) and the
 * caller's IAM policy for {@code action} on {@code resourceArn}.
 */
public interface IamAuthorizer {

    /** API Gateway's answer to a request it refuses: the status, the {@code x-amzn-ErrorType} and the JSON body. */
    record Refusal(int status, String errorType, String body) {
    }

    /**
     * @param request the request as it arrived, over HTTP or in process: what its signature covers
     * @return empty when allowed
     */
    Optional<Refusal> authorize(SignedRequest request, String action, String resourceArn);
}
