package dev.porthole.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to deploy. Start from {@link #of(String, Path)} and change what differs from the defaults.
 *
 * @param stackName      CloudFormation stack name; also names the function ({@code <stack>-function})
 * @param lambdaJar      the backend's shaded jar ({@code lambda-backend/target/porthole-lambda.jar})
 * @param memorySize     Lambda memory in MB
 * @param stageName      the WebSocket API stage
 * @param domainName     custom domain for the public URLs, or empty
 * @param certificateArn ACM certificate for the custom domain in the stack's Region, or empty
 * @param timeout        how long to wait for CloudFormation before giving up (the stack keeps going)
 */
public record DeployRequest(String stackName, Path lambdaJar, int memorySize, String stageName, String domainName,
                            String certificateArn, Duration timeout) {

    /** Letters, digits, hyphens; a letter first; 55 at most so "{@code <stack>-function}" fits Lambda's 64. */
    public static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,54}");

    public static final String DEFAULT_STACK_NAME = "porthole";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    public DeployRequest {
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(lambdaJar, "lambdaJar");
        stageName = stageName == null ? "porthole" : stageName;
        domainName = domainName == null ? "" : domainName;
        certificateArn = certificateArn == null ? "" : certificateArn;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static DeployRequest of(String stackName, Path lambdaJar) {
        return new DeployRequest(stackName, lambdaJar, 1024, "porthole", "", "", DEFAULT_TIMEOUT);
    }

    public DeployRequest withMemorySize(int megabytes) {
        return new DeployRequest(stackName, lambdaJar, megabytes, stageName, domainName, certificateArn, timeout);
    }

    public DeployRequest withStageName(String stage) {
        return new DeployRequest(stackName, lambdaJar, memorySize, stage, domainName, certificateArn, timeout);
    }

    public DeployRequest withCustomDomain(String domain, String certificate) {
        return new DeployRequest(stackName, lambdaJar, memorySize, stageName, domain, certificate, timeout);
    }

    public DeployRequest withTimeout(Duration wait) {
        return new DeployRequest(stackName, lambdaJar, memorySize, stageName, domainName, certificateArn, wait);
    }
}
