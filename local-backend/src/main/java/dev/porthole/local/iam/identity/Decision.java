package dev.porthole.local.iam.identity;

/** Whether IAM lets a principal perform an action on a resource, and if not, why, in AWS's words. */
public sealed interface Decision {

    static Decision allowed() {
        return Allowed.INSTANCE;
    }

    default boolean isAllowed() {
        return this instanceof Allowed;
    }

    enum Allowed implements Decision { INSTANCE }

    /**
     * @param reason the end of AWS's message, e.g. {@code because no identity-based policy allows the dynamodb:Scan action}
     */
    record Denied(String reason) implements Decision {

        /**
         * AWS's message: {@code User: <principal> is not authorized to perform: <action> on resource: <resource> <reason>}
         * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
         */
        public String message(String principalArn, String action, String resource) {
            return "User: " + principalArn + " is not authorized to perform: " + action + " on resource: " + resource + " " + reason;
        }
    }
}
