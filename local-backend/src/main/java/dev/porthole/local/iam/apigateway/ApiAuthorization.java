package dev.porthole.local.iam.apigateway;

import dev.porthole.local.iam.identity.Principal;

/** API Gateway's answer to an IAM-authorized request, before any integration runs. */
public sealed interface ApiAuthorization {

    /** The request may go on; it is the principal's. */
    record Authorized(Principal principal) implements ApiAuthorization {
    }

    /**
     * Answer the request with this and go no further.
     *
     * @param errorType for the {@code x-amzn-ErrorType} header, from which the AWS SDK picks its exception class
     * @param body      the JSON body API Gateway sends
     */
    record Refused(int status, String errorType, String message, String body) implements ApiAuthorization {
    }
}
