package dev.porthole.deploy.aws;

import java.util.Locale;
import java.util.Set;

import dev.porthole.deploy.DeployException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns what the AWS SDK throws into a {@link DeployException} a person can act on. */
public final class AwsErrors {

    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired",
            "TokenRefreshRequired");
    private static final Set<String> REJECTED = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
            "SignatureDoesNotMatch", "InvalidAccessKeyId", "AuthFailure", "InvalidSignatureException",
            "IncompleteSignature", "MissingAuthenticationToken");
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "AuthorizationError");
    private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "TooManyRequestsException",
            "RequestLimitExceeded", "SlowDown");

    private AwsErrors() {
    }

    /**
     * @param doing   what the deployer was doing, as a verb phrase ("create the artifact bucket")
     * @param profile the profile in use, or null for the default chain
     */
    public static DeployException translate(SdkException e, String doing, String profile) {
        String login = profile == null ? "aws sso login" : "aws sso login --profile " + profile;
        String which = profile == null ? "the default AWS credentials" : "the credentials of profile '" + profile + "'";
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = String.valueOf(service.awsErrorDetails().errorCode());
            String message = String.valueOf(service.awsErrorDetails().errorMessage());
            if (EXPIRED.contains(code)) {
                return new DeployException("Your AWS credentials have expired (" + which + ": " + message + ").",
                        "Refresh them (for IAM Identity Center: `" + login + "`; for temporary keys: get new ones) and try again.", e);
            }
            if (REJECTED.contains(code)) {
                return new DeployException("AWS does not accept " + which + " (" + code + "): the access key is wrong, "
                        + "deleted or belongs to another partition.",
                        "Check the keys in ~/.aws/credentials (`aws configure" + (profile == null ? "" : " --profile " + profile)
                                + "`) or choose another profile, then try again.", e);
            }
            if (DENIED.contains(code) || service.statusCode() == 403) {
                return new DeployException("AWS refused to let " + which + " " + doing + ": " + message,
                        "Use a profile allowed to manage CloudFormation stacks, IAM roles, Lambda, API Gateway, DynamoDB, "
                                + "CloudWatch Logs and S3 (for example one with AdministratorAccess), or ask your administrator.", e);
            }
            if (THROTTLED.contains(code) || service.isThrottlingException()) {
                return new DeployException("AWS kept throttling the requests to " + doing + " (" + message + ").",
                        "Wait a minute and try again.", e);
            }
            return new DeployException("AWS could not " + doing + ": " + message + " (" + code + ").",
                    "Check the message above; if it persists, look at the stack in the CloudFormation console.", e);
        }
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("contained no credentials") || lower.contains("unable to load credentials")) {
            return new DeployException("No AWS credentials were found for " + (profile == null ? "the default chain" : "profile '" + profile + "'") + ".",
                    "Run `aws configure" + (profile == null ? "" : " --profile " + profile) + "` to store access keys, or `aws configure sso` "
                            + "and `" + login + "` for IAM Identity Center, or choose another profile.", e);
        }
        String root = rootMessage(e).toLowerCase(Locale.ROOT);
        if ((lower + root).contains("sso") || root.contains("token is expired")) {
            return new DeployException("The IAM Identity Center (SSO) session of " + (profile == null ? "your default profile" : "profile '" + profile + "'")
                    + " has expired or was never started.", "Run `" + login + "`, then try again.", e);
        }
        if (e instanceof SdkClientException && (hasIoCause(e) || lower.contains("unable to execute http request"))) {
            return new DeployException("Cannot reach AWS to " + doing + ": " + rootMessage(e) + ".",
                    "Check your internet connection (and proxy settings), then try again.", e);
        }
        return new DeployException("Could not " + doing + ": " + message, "Try again; if it persists, report it with this message.", e);
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}
