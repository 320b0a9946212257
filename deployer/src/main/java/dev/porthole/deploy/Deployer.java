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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.porthole.deploy.artifact.ArtifactBucket;
import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.aws.AwsErrors;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.deploy.stack.ChangeSet;
import dev.porthole.deploy.stack.StackFailure;
import dev.porthole.deploy.stack.StackOperations;
import dev.porthole.deploy.stack.StackState;
import dev.porthole.deploy.token.AgentToken;
import dev.porthole.deploy.token.FunctionSecret;
import dev.porthole.deploy.token.TokenStore;
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

    private final AwsConnection aws;
    private final TokenStore tokens;
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
        this.template = template;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /**
     * Creates the stack, or updates it if it exists. An update with nothing to change succeeds.
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

            progress.step("Looking for stack '" + stackName + "' in account " + account + ", " + region, 5, "read the stack");
            Optional<StackState> existing = settle(stacks, stacks.find(stackName), deadline, progress);
            if (existing.isPresent()) {
                existing = clearFailedCreation(stacks, existing.get(), deadline, progress);
            }
            boolean create = existing.isEmpty() || existing.get().status().equals("REVIEW_IN_PROGRESS");

            AgentToken token = tokens.loadOrCreate(region, stackName);
            String deployedTokenId = existing.map(s -> s.parameters().getOrDefault("AgentTokenId", "")).orElse("");
            if (!create && !deployedTokenId.equals(token.id())) {
                progress.step("The stack was deployed with another agent token; it will use the one stored at "
                        + tokens.location(region, stackName) + " (agents with the old token must switch)", 7, "read the stack");
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
            FunctionSecret secret = tokens.loadOrCreateSecret(region, stackName);
            parameters.put("FunctionSecret", secret.hex());
            parameters.put("FunctionSecretId", secret.id());
            parameters.put("ArtifactBucket", bucket.name());
            parameters.put("ArtifactKey", upload.key());
            parameters.putAll(settings);
            parameters.forEach(this::checkParameter);

            progress.step(create ? "Creating a change set for the new stack '" + stackName + "'"
                    : "Creating a change set to update stack '" + stackName + "'", 22, "create the change set");
            ChangeSet changeSet = stacks.createChangeSet(stackName, create, template.text(), parameters,
                    Map.of("porthole:template-version", template.version()), deadline);
            StackState state;
            if (changeSet.noChanges()) {
                stacks.deleteChangeSet(changeSet.id());
                progress.step("Stack '" + stackName + "' is up to date: nothing to change", 95, "read the stack");
                state = stacks.find(changeSet.stackId()).orElseThrow();
            } else {
                Optional<String> before = stacks.latestEventId(changeSet.stackId());
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
                });
                state = outcome.state();
                if (state.failed()) {
                    throw StackFailure.explain(create ? "create" : "update", state, outcome.events());
                }
            }
            BackendDescription description = describe(state, region);
            try {
                bucket.markCurrent(upload.key(), existing.map(s -> s.parameters().get("ArtifactKey")));
            } catch (SdkException e) {
                // only the expiry of old code depends on it; the backend works
                LOG.log(System.Logger.Level.WARNING, "Could not tag the Lambda code in " + bucket.name() + ": " + e.getMessage());
            }
            progress.step("Backend ready: " + description.publicUrl(), 100, "finish");
            return description;
        } catch (SdkException e) {
            throw AwsErrors.translate(e, progress.doing(), aws.profileName());
        }
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
        progress.step("Stack '" + stack.get().name() + "' is busy (" + stack.get().status() + "); waiting for it to finish", 6,
                "wait for the stack");
        StackState settled = stacks.await(stack.get().stackId(), stacks.latestEventId(stack.get().stackId()), deadline,
                event -> progress.event(event, 6)).state();
        return settled.status().equals("DELETE_COMPLETE") ? Optional.empty() : Optional.of(settled);
    }

    /** A stack whose creation failed cannot be updated: remove it, so it can be created again. */
    private Optional<StackState> clearFailedCreation(StackOperations stacks, StackState stack, Instant deadline, Progress progress) {
        switch (stack.status()) {
            case "ROLLBACK_COMPLETE", "ROLLBACK_FAILED" -> {
                progress.step("Removing the earlier failed attempt of stack '" + stack.name() + "' (" + stack.status() + ")", 6,
                        "remove the failed stack");
                Optional<String> before = stacks.latestEventId(stack.stackId());
                stacks.deleteStack(stack.stackId());
                StackOperations.Outcome outcome = stacks.await(stack.stackId(), before, deadline, event -> progress.event(event, 6));
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
        template.parameter(name).problem(value).ifPresent(problem -> {
            throw new DeployException("The setting " + name + " = '" + value + "' is not accepted: " + problem + ".",
                    "Change it and try again.");
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
