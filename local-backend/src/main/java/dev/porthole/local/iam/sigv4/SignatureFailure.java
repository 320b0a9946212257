package dev.porthole.local.iam.sigv4;

/**
 * Why a request's signature was refused. Each service answers a kind with its own error code and status (see
 * the DynamoDB front, the STS handler and the API Gateway authorizer); the message that goes with it is AWS's.
 */
public enum SignatureFailure {
    /** no {@code Authorization} header and no {@code X-Amz-Algorithm} parameter */
    MISSING_AUTHENTICATION,
    /** an Authorization (or presigned query) that lacks or garbles a part: Credential, SignedHeaders, Signature, the date */
    INCOMPLETE_SIGNATURE,
    /** an access key ID this backend never issued */
    UNKNOWN_ACCESS_KEY,
    /** the signature, credential scope or payload hash does not match the request */
    SIGNATURE_MISMATCH,
    /** the request's date is more than 5 minutes from the server's clock */
    CLOCK_SKEW,
    /** a presigned request used after its {@code X-Amz-Expires} */
    EXPIRED,
    /** temporary credentials without their session token, with a wrong one, or a token on long-term credentials */
    TOKEN_INVALID,
    /** temporary credentials past their expiry */
    TOKEN_EXPIRED
}
