package dev.porthole.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.porthole.deploy.artifact.ArtifactBucket;
import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.aws.AwsErrors;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.deploy.limits.AccountConcurrency;
import dev.porthole.deploy.limits.BackendLimits;
import dev.porthole.deploy.limits.StageThrottle;
import dev.porthole.deploy.logs.FailureLogWatch;
import dev.porthole.deploy.logs.FunctionLog;
import dev.porthole.deploy.preflight.Preflight;
import dev.porthole.deploy.preflight.PreflightReport;
import dev.porthole.deploy.stack.ChangeSet;
import dev.porthole.deploy.stack.StackFailure;
import dev.porthole.deploy.stack.StackOperations;
import dev.porthole.deploy.stack.StackState;
import dev.porthole.deploy.token.AgentToken;
import dev.porthole.deploy.token.FunctionSecret;
import dev.porthole.deploy.token.FunctionSecrets;
import dev.porthole.deploy.token.TokenStore;
import dev.porthole.template.Parameter;
import dev.porthole.template.Template;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Deploys, updates and removes a Porthole backend: one CloudFormation stack from Porthole's template,
 * in the user's own account. Used by the desktop app and by the {@code porthole-deployer} command line.
 *
 * <p>Deploying uploads the Lambda jar to the stack's artifact bucket, then creates or updates the stack
 * through a change set (an existing stack of the same name is taken over), and reports every stack
 * event as it happens. The agent token is made and kept on this computer; AWS only gets its hash.
 */
public final class Deployer {

    private static final System.Logger LOG = System.getLogger(Deployer.class.getName());

    /** The function's secrets: a change set that only looks whether anything else changed keeps them as they are. */
    private static final Set<String> SECRET_PARAMETERS = Set.of("FunctionSecret", "FunctionSecretId", "PreviousFunctionSecret");

    /** Log lines are read from a little before the operation started, for a clock that differs from AWS's. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final AwsConnection aws;
    private final TokenStore tokens;
    private final FunctionSecrets secrets;
    private final Template template;
    private final Clock clock;
    private final Duration pollInterval;

    /** A deployer for the user's config directory, polling CloudFormation every 5 seconds. */
    public Deployer(AwsConnection aws, ConfigDirectory config) {
        this(aws, config, Template.load(), Clock.systemUTC(), Duration.ofSeconds(5));
    }

    public Deployer(AwsConnection aws, ConfigDirectory config, Template template, Clock clock, Duration pollInterval) {
        this.aws = aws;
        this.tokens = new TokenStore(config);
        this.secrets = new FunctionSecrets(config);
        this.template = template;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /**
     * Creates the stack, or updates it if it exists. An update with nothing to change succeeds and changes nothing.
     *
     * <p>Before anything is created or changed, the {@link Preflight} checks run; a failed one stops the deployment.
     * Every deployment that changes the stack gives the function a new secret, and passes the one it replaces as
     * {@code PreviousFunctionSecret}, so agents connected before keep their tunnels.
     *
     * @throws DeployException with the cause in plain words and a next step
     */
    public BackendDescription deploy(DeployRequest request, Consumer<DeployProgress> listener) {
        Progress progress = new Progress(listener);
        Instant deadline = clock.instant().plus(request.timeout());
        String stackName = request.stackName();
        checkStackName(stackName);
        checkJar(request.lambdaJar());
        String region = aws.region().id();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("MemorySize", Integer.toString(request.memorySize()));
        settings.put("StageName", request.stageName());
        settings.put("DomainName", request.domainName().toLowerCase(Locale.ROOT));
        settings.put("CertificateArn", request.certificateArn());
        settings.forEach(this::checkParameter);
        try {
            progress.step("Checking the AWS credentials" + profileWords() + " for " + region, 2, "check your AWS credentials");
            String account = aws.accountId();
            StackOperations stacks = new StackOperations(aws.cloudFormation(), clock, pollInterval);

            progress.step("Looking for stack '" + stackName + "' in account " + account + ", " + region, 4, "read the stack");
            Optional<StackState> existing = settle(stacks, stacks.find(stackName), deadline, progress);
            PreflightReport checks = preflight(stacks, stackName, settings.get("DomainName"), request.certificateArn(),
                    existing, progress);
            checks.failure().ifPresent(failure -> {
                throw failure;
            });
            if (existing.isPresent()) {
                existing = clearFailedCreation(stacks, existing.get(), deadline, progress);
            }
            boolean create = existing.isEmpty() || existing.get().status().equals("REVIEW_IN_PROGRESS");

            AgentToken token = tokens.loadOrCreate(region, stackName);
            String deployedTokenId = existing.map(s -> s.parameters().getOrDefault("AgentTokenId", "")).orElse("");
            if (!create && !deployedTokenId.equals(token.id())) {
                progress.step("The stack was deployed with another agent token; it will use the one stored at "
                        + tokens.location(region, stackName) + " (agents with the old token must switch)", 8, "read the stack");
            }

            ArtifactBucket bucket = new ArtifactBucket(aws.s3(), ArtifactBucket.nameFor(account, region, stackName));
            progress.step("Preparing the artifact bucket " + bucket.name(), 9, "create the artifact bucket " + bucket.name());
            if (bucket.ensureExists(aws.region(), stackName)) {
                progress.step("Created " + bucket.name() + ": encrypted, no public access, replaced code expires after "
                        + ArtifactBucket.EXPIRY_DAYS + " days", 11, "create the artifact bucket");
            }
            progress.step("Uploading the Lambda code (" + megabytes(request.lambdaJar()) + ")", 12,
                    "upload the Lambda code to " + bucket.name());
            ArtifactBucket.Upload upload = bucket.upload(request.lambdaJar());
            progress.step(upload.uploaded() ? "Uploaded the Lambda code as " + upload.key()
                    : "The Lambda code is already uploaded (" + upload.key() + "); not sending it again", 20, "upload the Lambda code");

            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("AgentTokenHash", token.sha256Hex());
            parameters.put("AgentTokenId", token.id());
            parameters.put("ArtifactBucket", bucket.name());
            parameters.put("ArtifactKey", upload.key());
            parameters.putAll(settings);
            parameters.forEach(this::checkParameter);
            Map<String, String> tags = Map.of("porthole:template-version", template.version());

            String deployedSecretId = existing.map(s -> s.parameters().getOrDefault("FunctionSecretId", "")).orElse("");
            if (!create) {
                // a deployment interrupted earlier may have left a secret whose fate is only known now
                secrets.settle(region, stackName, deployedSecretId);
                Optional<StackState> unchanged = upToDate(stacks, existing.get(), parameters, tags, deadline, progress);
                if (unchanged.isPresent()) {
                    return finish(unchanged.get(), region, bucket, upload, existing, progress);
                }
            }

            Optional<FunctionSecret> replaced = secrets.deployed(region, stackName, deployedSecretId);
            if (!create && replaced.isEmpty()) {
                progress.step((deployedSecretId.isEmpty()
                        ? "Stack '" + stackName + "' gets a function secret of its own for the first time"
                        : "This computer does not have the function secret stack '" + stackName + "' runs with (it was "
                        + "deployed from another computer, or by hand): it gets a new one")
                        + ", so agents connected now lose their session and reconnect once, by themselves", 21, "read the stack");
            }
            FunctionSecret secret = secrets.startRotation(region, stackName);
            parameters.put("FunctionSecret", secret.hex());
            parameters.put("FunctionSecretId", secret.id());
            parameters.put("PreviousFunctionSecret", replaced.map(FunctionSecret::hex).orElse(""));
            parameters.forEach(this::checkParameter);

            progress.step(create ? "Creating a change set for the new stack '" + stackName + "'"
                    : "Creating a change set to update stack '" + stackName + "', with a new function secret"
                    + (replaced.isPresent() ? " (the one it replaces stays valid for agents connected now)" : ""), 22,
                    "create the change set");
            ChangeSet changeSet = stacks.createChangeSet(stackName, create, template.text(), parameters, Set.of(), tags, deadline);
            StackState state;
            if (changeSet.noChanges()) {
                stacks.deleteChangeSet(changeSet.id());
                secrets.settle(region, stackName, deployedSecretId);
                progress.step("Stack '" + stackName + "' is up to date: nothing to change", 95, "read the stack");
                state = stacks.find(changeSet.stackId()).orElseThrow();
            } else {
                Optional<String> before = stacks.latestEventId(changeSet.stackId());
                FailureLogWatch functionLog = new FailureLogWatch(new FunctionLog(aws.logs()), functionLogGroup(stackName, region),
                        clock.instant().minus(CLOCK_SKEW), List.of(token.value(), token.sha256Hex(), secret.hex(),
                        replaced.map(FunctionSecret::hex).orElse("")));
                progress.step((create ? "Creating " : "Updating ") + changeSet.changes().size() + " resources", 25,
                        "run the change set");
                stacks.executeChangeSet(changeSet.id());
                Set<String> expected = new HashSet<>(changeSet.changes());
                Set<String> done = new HashSet<>();
                StackOperations.Outcome outcome = stacks.await(changeSet.stackId(), before, deadline, event -> {
                    String status = String.valueOf(event.resourceStatusAsString());
                    if (expected.contains(event.logicalResourceId()) && (status.endsWith("_COMPLETE") || status.endsWith("_FAILED"))) {
                        done.add(event.logicalResourceId());
                    }
                    progress.event(event, 25 + 70 * done.size() / Math.max(1, expected.size()));
                    if (functionLog.onEvent(event)) {
                        progress.step(functionLog.lines().isEmpty() ? "The function logged nothing before the failure"
                                : "Read the function's last " + functionLog.lines().size() + " log lines (shown with the error) "
                                + "before CloudFormation can roll its log group back", 25, "run the change set");
                    }
                });
                state = outcome.state();
                secrets.settle(region, stackName, runningSecretId(state));
                if (state.failed()) {
                    throw StackFailure.explain(create ? "create" : "update", state, outcome.events())
                            .withFunctionLog(functionLog.lines());
                }
            }
            return finish(state, region, bucket, upload, existing, progress);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, progress.doing(), aws.profileName());
        }
    }

    /**
     * Runs the checks a deployment makes first, without deploying: every result is reported and returned, and
     * nothing is created or changed.
     *
     * @param domainName     the custom domain, or empty
     * @param certificateArn its certificate, or empty
     */
    public PreflightReport check(String stackName, String domainName, String certificateArn, Consumer<DeployProgress> listener) {
        checkStackName(stackName);
        Progress progress = new Progress(listener);
        String region = aws.region().id();
        try {
            progress.step("Checking the AWS credentials" + profileWords() + " for " + region, 10, "check your AWS credentials");
            String account = aws.accountId();
            StackOperations stacks = new StackOperations(aws.cloudFormation(), clock, pollInterval);
            progress.step("Looking for stack '" + stackName + "' in account " + account + ", " + region, 30, "read the stack");
            Optional<StackState> existing = stacks.find(stackName);
            PreflightReport report = preflight(stacks, stackName, domainName == null ? "" : domainName.toLowerCase(Locale.ROOT),
                    certificateArn == null ? "" : certificateArn, existing, progress);
            progress.step(report.passed() ? "Stack '" + stackName + "' can be deployed in " + region
                    : "Stack '" + stackName + "' cannot be deployed in " + region + " until the failed checks are fixed", 100, "finish");
            return report;
        } catch (SdkException e) {
            throw AwsErrors.translate(e, progress.doing(), aws.profileName());
        }
    }

    /**
     * The limits a user of this account meets in this connection's Region: the account's Lambda concurrency and the
     * template's stage throttles, with what they mean (for the app's Backends page).
     */
    public BackendLimits limits() {
        try {
            return BackendLimits.of(aws.region().id(), AccountConcurrency.read(aws.lambda()), StageThrottle.fromTemplate(template));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "read the account's Lambda concurrency", aws.profileName());
        }
    }

    private PreflightReport preflight(StackOperations stacks, String stackName, String domainName, String certificateArn,
                                      Optional<StackState> existing, Progress progress) {
        progress.step("Checking that the stack can be deployed in " + aws.region().id()
                + " (SnapStart, concurrency, certificate, log group)", 5, "check the account");
        PreflightReport report = new Preflight(aws, stacks, template).run(stackName, domainName, certificateArn, existing);
        report.checks().forEach(check -> progress.step(check.line(), 6, "check the account"));
        return report;
    }

    /**
     * Whether the stack already is what this deployment would make of it, the function's secrets aside: a change set
     * keeping the stack's secrets (CloudFormation's UsePreviousValue) tells. Then nothing is changed, not even the secret.
     *
     * @return the stack, if it is up to date
     */
    private Optional<StackState> upToDate(StackOperations stacks, StackState stack, Map<String, String> parameters,
                                          Map<String, String> tags, Instant deadline, Progress progress) {
        if (!stack.parameters().keySet().containsAll(SECRET_PARAMETERS)) {
            return Optional.empty(); // made by a template without them: the update gives it its first
        }
        progress.step("Checking whether stack '" + stack.name() + "' needs an update", 21, "create the change set");
        ChangeSet probe = stacks.createChangeSet(stack.name(), false, template.text(), parameters, SECRET_PARAMETERS, tags,
                deadline);
        stacks.deleteChangeSet(probe.id());
        if (!probe.noChanges()) {
            return Optional.empty();
        }
        progress.step("Stack '" + stack.name() + "' is up to date: nothing to change", 95, "read the stack");
        return stacks.find(probe.stackId());
    }

    private BackendDescription finish(StackState state, String region, ArtifactBucket bucket, ArtifactBucket.Upload upload,
                                      Optional<StackState> before, Progress progress) {
        BackendDescription description = describe(state, region);
        try {
            bucket.markCurrent(upload.key(), before.map(s -> s.parameters().get("ArtifactKey")));
        } catch (SdkException e) {
            // only the expiry of old code depends on it; the backend works
            LOG.log(System.Logger.Level.WARNING, "Could not tag the Lambda code in " + bucket.name() + ": " + e.getMessage());
        }
        progress.step("Backend ready: " + description.publicUrl(), 100, "finish");
        return description;
    }

    /** The secret ID the stack runs with once settled: none if a first creation rolled back. */
    private static String runningSecretId(StackState state) {
        return switch (state.status()) {
            case "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_COMPLETE" -> "";
            default -> state.parameters().getOrDefault("FunctionSecretId", "");
        };
    }

    /** The function's log group for a stack of that name (the template names it). */
    private String functionLogGroup(String stackName, String region) {
        return Preflight.logGroupNames(template, stackName, region).values().stream()
                .filter(name -> name.startsWith("/aws/lambda/")).findFirst()
                .orElse("/aws/lambda/" + stackName + "-function");
    }

    /**
     * Deletes the stack, then empties and removes the artifact bucket the deployer created for it, and
     * forgets the stack's agent token. A stack that does not exist is not an error.
     */
    public void destroy(String stackName, Duration timeout, Consumer<DeployProgress> listener) {
        Progress progress = new Progress(listener);
        Instant deadline = clock.instant().plus(timeout);
        checkStackName(stackName);
        String region = aws.region().id();
        try {
            progress.step("Checking the AWS credentials" + profileWords() + " for " + region, 2, "check your AWS credentials");
            String account = aws.accountId();
            StackOperations stacks = new StackOperations(aws.cloudFormation(), clock, pollInterval);
            progress.step("Looking for stack '" + stackName + "' in account " + account + ", " + region, 5, "read the stack");
            Optional<StackState> existing = settle(stacks, stacks.find(stackName), deadline, progress);
            String bucketName = ArtifactBucket.nameFor(account, region, stackName);
            if (existing.isPresent()) {
                StackState stack = existing.get();
                bucketName = stack.parameters().getOrDefault("ArtifactBucket", bucketName);
                Optional<String> before = stacks.latestEventId(stack.stackId());
                progress.step("Deleting stack '" + stackName + "'", 10, "delete the stack");
                stacks.deleteStack(stack.stackId());
                int total = template.resources().size();
                Set<String> done = new HashSet<>();
                StackOperations.Outcome outcome = stacks.await(stack.stackId(), before, deadline, event -> {
                    if ("DELETE_COMPLETE".equals(event.resourceStatusAsString()) && !event.logicalResourceId().equals(stackName)) {
                        done.add(event.logicalResourceId());
                    }
                    progress.event(event, 10 + 75 * Math.min(done.size(), total) / total);
                });
                if (!outcome.state().status().equals("DELETE_COMPLETE")) {
                    throw StackFailure.explain("delete", outcome.state(), outcome.events());
                }
            } else {
                progress.step("There is no stack '" + stackName + "' in " + region + "; nothing to delete there", 85, "read the stack");
            }
            ArtifactBucket bucket = new ArtifactBucket(aws.s3(), bucketName);
            progress.step("Removing the artifact bucket " + bucketName, 88, "remove the artifact bucket " + bucketName);
            if (bucket.exists()) {
                if (bucket.createdFor(stackName)) {
                    int objects = bucket.deleteWithContents();
                    progress.step("Removed the artifact bucket " + bucketName + " and its " + objects + " objects", 95,
                            "remove the artifact bucket");
                } else {
                    progress.step("Left the bucket " + bucketName + " in place: Porthole did not create it for this stack", 95,
                            "remove the artifact bucket");
                }
            }
            secrets.delete(region, stackName);
            tokens.delete(region, stackName);
            progress.step("Stack '" + stackName + "' is removed", 100, "finish");
        } catch (SdkException e) {
            throw AwsErrors.translate(e, progress.doing(), aws.profileName());
        }
    }

    /** The deployed backend of that name, if there is one with its outputs. */
    public Optional<BackendDescription> describe(String stackName) {
        checkStackName(stackName);
        try {
            Optional<StackState> state = new StackOperations(aws.cloudFormation(), clock, pollInterval).find(stackName);
            return state.filter(s -> s.outputs().containsKey("WebSocketUrl")).map(s -> describe(s, aws.region().id()));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "read stack '" + stackName + "'", aws.profileName());
        }
    }

    /** Where the agent token of that stack (in this connection's Region) is stored. */
    public Path tokenLocation(String stackName) {
        return tokens.location(aws.region().id(), stackName);
    }

    /** The agent token of that stack, if this computer has it. */
    public Optional<AgentToken> token(String stackName) {
        return tokens.load(aws.region().id(), stackName);
    }

    private Optional<StackState> settle(StackOperations stacks, Optional<StackState> stack, Instant deadline, Progress progress) {
        if (stack.isEmpty() || !stack.get().inProgress()) {
            return stack;
        }
        progress.step("Stack '" + stack.get().name() + "' is busy (" + stack.get().status() + "); waiting for it to finish", 4,
                "wait for the stack");
        StackState settled = stacks.await(stack.get().stackId(), stacks.latestEventId(stack.get().stackId()), deadline,
                event -> progress.event(event, 4)).state();
        return settled.status().equals("DELETE_COMPLETE") ? Optional.empty() : Optional.of(settled);
    }

    /** A stack whose creation failed cannot be updated: remove it, so it can be created again. */
    private Optional<StackState> clearFailedCreation(StackOperations stacks, StackState stack, Instant deadline, Progress progress) {
        switch (stack.status()) {
            case "ROLLBACK_COMPLETE", "ROLLBACK_FAILED" -> {
                progress.step("Removing the earlier failed attempt of stack '" + stack.name() + "' (" + stack.status() + ")", 7,
                        "remove the failed stack");
                Optional<String> before = stacks.latestEventId(stack.stackId());
                stacks.deleteStack(stack.stackId());
                StackOperations.Outcome outcome = stacks.await(stack.stackId(), before, deadline, event -> progress.event(event, 7));
                if (!outcome.state().status().equals("DELETE_COMPLETE")) {
                    throw StackFailure.explain("delete the failed earlier attempt of", outcome.state(), outcome.events());
                }
                return Optional.empty();
            }
            case "UPDATE_ROLLBACK_FAILED" -> throw new DeployException("Stack '" + stack.name() + "' is stuck in UPDATE_ROLLBACK_FAILED: "
                    + "an earlier update failed and could not be rolled back" + reason(stack) + ".",
                    "In the CloudFormation console choose \"Continue update rollback\" for this stack, then deploy again.",
                    stack.status(), null, null);
            case "DELETE_FAILED" -> throw new DeployException("Stack '" + stack.name() + "' is in DELETE_FAILED: an earlier removal "
                    + "did not finish" + reason(stack) + ".", "Run destroy again, or delete the stack in the CloudFormation console.",
                    stack.status(), null, null);
            default -> {
                return Optional.of(stack);
            }
        }
    }

    private static String reason(StackState stack) {
        return stack.statusReason().isEmpty() ? "" : " (" + stack.statusReason() + ")";
    }

    private BackendDescription describe(StackState state, String region) {
        return new BackendDescription(state.name(), region, uri(state, "WebSocketUrl"), uri(state, "PublicUrl"),
                uri(state, "ManagementEndpoint"), state.outputs().getOrDefault("TemplateVersion", ""),
                Optional.ofNullable(state.outputs().get("CustomDomainTarget")));
    }

    private static URI uri(StackState state, String output) {
        String value = state.outputs().get(output);
        if (value == null || value.isBlank()) {
            throw new DeployException("Stack '" + state.name() + "' has no " + output + " output: it does not look like a Porthole stack.",
                    "Choose another stack name, or remove that stack if it is a broken Porthole stack.");
        }
        return URI.create(value);
    }

    private void checkParameter(String name, String value) {
        Parameter parameter = template.parameter(name);
        parameter.problem(value).ifPresent(problem -> {
            // a NoEcho parameter holds a secret: its value is never shown
            throw new DeployException("The setting " + name + (parameter.noEcho() ? "" : " = '" + value + "'")
                    + " is not accepted: " + problem + ".", "Change it and try again.");
        });
    }

    private static void checkStackName(String stackName) {
        if (stackName == null || !DeployRequest.STACK_NAME.matcher(stackName).matches()) {
            throw new DeployException("'" + stackName + "' cannot be a Porthole stack name.",
                    "Use letters, digits and hyphens, starting with a letter, at most 55 characters (for example 'porthole').");
        }
    }

    private static void checkJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new DeployException("The Lambda jar " + jar.toAbsolutePath() + " does not exist.",
                    "Build it with `./mvnw -pl lambda-backend -am package` (it is lambda-backend/target/porthole-lambda.jar), "
                            + "or give the path of a built one.");
        }
    }

    private static String megabytes(Path jar) {
        try {
            return String.format(Locale.ROOT, "%.1f MB", Files.size(jar) / 1_048_576.0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String profileWords() {
        return aws.profileName() == null ? "" : " of profile '" + aws.profileName() + "'";
    }

    /** Sends progress in order with a percentage that never goes back, and remembers what is being done. */
    private static final class Progress {
        private final Consumer<DeployProgress> listener;
        private int percent;
        private String doing = "reach AWS";

        Progress(Consumer<DeployProgress> listener) {
            this.listener = listener;
        }

        void step(String message, int at, String activity) {
            doing = activity;
            percent = Math.max(percent, at);
            listener.accept(new DeployProgress.Step(message, percent));
        }

        void event(StackEvent event, int at) {
            percent = Math.max(percent, Math.min(at, 99));
            listener.accept(new DeployProgress.ResourceEvent(event.logicalResourceId(), event.resourceType(),
                    String.valueOf(event.resourceStatusAsString()),
                    event.resourceStatusReason() == null ? "" : event.resourceStatusReason(),
                    event.timestamp() == null ? Instant.EPOCH : event.timestamp(), percent));
        }

        String doing() {
            return doing;
        }
    }
}
