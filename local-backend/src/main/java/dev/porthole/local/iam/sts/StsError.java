package dev.porthole.local.iam.sts;

/**
 * An error as STS answers it: the Query protocol's
 * {@code <ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></ErrorResponse>}, from
 * whose Code the SDK's {@code StsClient} picks its exception (a code it does not model becomes {@code StsException}
 * with that error code).
 */
record StsError(int status, String code, String message) {

    static StsError accessDenied(String message) {
        return new StsError(403, "AccessDenied", message);
    }

    static StsError validation(String message) {
        return new StsError(400, "ValidationError", message);
    }
}
