package dev.porthole.desktop.deploy;

import dev.porthole.deploy.BackendDescription;
import dev.porthole.deploy.DeployException;
import dev.porthole.deploy.DeployRequest;
import dev.porthole.deploy.Deployer;
import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.aws.AwsProfiles;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.deploy.health.BackendHealth;
import dev.porthole.deploy.stack.StackOperations;
import dev.porthole.deploy.stack.StackState;
import dev.porthole.deploy.token.AgentToken;
import dev.porthole.deploy.token.TokenStore;
import dev.porthole.desktop.backend.AwsBackend;
import dev.porthole.template.Template;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** {@link DeploymentService} over the deployer: the person's AWS profiles, the app's template and Lambda jar. */
public final class AwsDeploymentService implements DeploymentService {
    private static final System.Logger LOG = System.getLogger(AwsDeploymentService.class.getName());
    /** Where the build bundles the Lambda jar inside the app (the same place the deployer's command line looks). */
    static final String BUNDLED_LAMBDA_JAR = "dev/porthole/deploy/porthole-lambda.jar";
    static final Path BUILT_LAMBDA_JAR = Path.of("lambda-backend", "target", "porthole-lambda.jar");
    /** Regions with everything the template uses (API Gateway WebSocket and HTTP APIs, Lambda SnapStart, DynamoDB). */
    static final List<String> REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
            "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "ap-northeast-1",
            "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1");

    /** Opens a connection for a profile and Region; tests point it at a local AWS-protocol server. */
    @FunctionalInterface
    public interface Connections {
        AwsConnection open(String profile, String region);
    }

    private final ConfigDirectory config;
    private final Connections connections;
    private final Duration pollInterval;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final String templateVersion = Template.load().version();
    private final java.util.function.Supplier<List<AwsCredentials>> credentials;
    private volatile Path lambdaJar;

    public AwsDeploymentService(Path configDir) {
        this(configDir, () -> configured(System.getenv()), AwsConnection::forProfile, Duration.ofSeconds(5), null);
    }

    /**
     * @param credentials where credentials can come from (read again each time the dialog asks)
     * @param lambdaJar   the Lambda jar to deploy, or null to use the one bundled in the app (or built next to it)
     */
    public AwsDeploymentService(Path configDir, java.util.function.Supplier<List<AwsCredentials>> credentials,
                                Connections connections, Duration pollInterval, Path lambdaJar) {
        this.credentials = credentials;
        this.config = ConfigDirectory.at(configDir);
        this.connections = connections;
        this.pollInterval = pollInterval;
        this.lambdaJar = lambdaJar;
    }

    @Override
    public List<AwsCredentials> credentials() {
        return credentials.get();
    }

    /**
     * The environment's credentials, then the profiles in ~/.aws/config and ~/.aws/credentials (or where
     * AWS_CONFIG_FILE says), each with the Region it names.
     */
    static List<AwsCredentials> configured(Map<String, String> environment) {
        List<AwsCredentials> found = new java.util.ArrayList<>();
        AwsCredentials.fromEnvironment(environment).ifPresent(found::add);
        try {
            AwsProfiles.list().forEach(p -> found.add(AwsCredentials.profile(p.name(), p.region())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the AWS profiles", e);
        }
        return List.copyOf(found);
    }

    @Override
    public List<String> regions() {
        return REGIONS;
    }

    @Override
    public String appTemplateVersion() {
        return templateVersion;
    }

    @Override
    public CompletableFuture<AwsBackend> deploy(String profile, String region, String stackName, CustomDomain domain,
                                                Consumer<DeployProgress> progress) {
        return run(profile, region, stackName, unread -> DeployRequest.of(stackName, lambdaJar())
                .withCustomDomain(domain.domainName(), domain.certificateArn()), progress);
    }

    /**
     * The deployer sends every setting it has, defaults included: an update built from defaults alone would quietly
     * drop a custom domain, memory size or stage the stack was deployed with (here or with the command line).
     */
    @Override
    public CompletableFuture<AwsBackend> update(AwsBackend backend, Consumer<DeployProgress> progress) {
        return run(backend.profile(), backend.region(), backend.stackName(), stack -> {
            DeployRequest request = DeployRequest.of(backend.stackName(), lambdaJar());
            StackState current = stack.get();
            if (current == null) {
                return request; // the stack is gone: this creates it again, as a first deployment would
            }
            Map<String, String> p = current.parameters();
            if (p.get("MemorySize") != null && p.get("MemorySize").matches("\\d+")) {
                request = request.withMemorySize(Integer.parseInt(p.get("MemorySize")));
            }
            if (p.get("StageName") != null && !p.get("StageName").isBlank()) {
                request = request.withStageName(p.get("StageName"));
            }
            return request.withCustomDomain(p.getOrDefault("DomainName", ""), p.getOrDefault("CertificateArn", ""));
        }, progress);
    }

    /**
     * Deploys the request made from the stack as it is now (null when there is none yet); a first deployment does not
     * look, so it costs no read of a stack that is not there.
     */
    private CompletableFuture<AwsBackend> run(String profile, String region, String stackName,
                                              java.util.function.Function<Supplier<StackState>, DeployRequest> request,
                                              Consumer<DeployProgress> progress) {
        return CompletableFuture.supplyAsync(() -> {
            try (AwsConnection aws = connections.open(profile, region)) {
                Deployer deployer = new Deployer(aws, config, Template.load(), Clock.systemUTC(), pollInterval);
                StackOperations stacks = new StackOperations(aws.cloudFormation(), Clock.systemUTC(), pollInterval);
                DeployRequest wanted = request.apply(() -> currentStack(stacks, stackName));
                BackendDescription d = deployer.deploy(wanted, p -> progress.accept(translate(p)));
                return new AwsBackend(AwsBackend.idFor(d.region(), d.stackName()), profile, d.region(), d.stackName(),
                        d.websocketUrl(), d.publicUrl(), d.templateVersion(), Clock.systemUTC().instant(),
                        wanted.domainName(), d.customDomainTarget().orElse(null));
            } catch (DeployException e) {
                throw new DeploymentException(e.problem(), e.nextStep(), e);
            }
        }, work);
    }

    /** The stack's settings before the deployment; not knowing them is no reason to fail (the deployer will say why). */
    private static StackState currentStack(StackOperations stacks, String stackName) {
        try {
            return stacks.find(stackName).orElse(null);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "could not read stack " + stackName + " before deploying it", e);
            return null;
        }
    }

    @Override
    public CompletableFuture<Void> remove(AwsBackend backend, Consumer<DeployProgress> progress) {
        return CompletableFuture.runAsync(() -> {
            try (AwsConnection aws = connections.open(backend.profile(), backend.region())) {
                new Deployer(aws, config, Template.load(), Clock.systemUTC(), pollInterval)
                        .destroy(backend.stackName(), DeployRequest.DEFAULT_TIMEOUT, p -> progress.accept(translate(p)));
            } catch (DeployException e) {
                throw new DeploymentException(e.problem(), e.nextStep(), e);
            }
        }, work);
    }

    @Override
    public CompletableFuture<Health> health(AwsBackend backend) {
        return CompletableFuture.supplyAsync(() -> {
            BackendHealth h = BackendHealth.check(backend.publicUrl(), Duration.ofSeconds(10));
            return new Health(h.healthy(), h.message());
        }, work);
    }

    @Override
    public Optional<String> token(AwsBackend backend) {
        return new TokenStore(config).load(backend.region(), backend.stackName()).map(AgentToken::value);
    }

    static DeployProgress translate(dev.porthole.deploy.DeployProgress p) {
        return switch (p) {
            case dev.porthole.deploy.DeployProgress.Step step -> new DeployProgress("Porthole", "", step.message(), step.percent());
            case dev.porthole.deploy.DeployProgress.ResourceEvent e ->
                    new DeployProgress(e.logicalId(), e.status(), e.reason(), e.percent());
        };
    }

    private Path lambdaJar() {
        if (lambdaJar != null) {
            return lambdaJar;
        }
        try (InputStream bundled = AwsDeploymentService.class.getClassLoader().getResourceAsStream(BUNDLED_LAMBDA_JAR)) {
            if (bundled != null) {
                Path copy = Files.createTempFile("porthole-lambda-", ".jar");
                copy.toFile().deleteOnExit();
                Files.copy(bundled, copy, StandardCopyOption.REPLACE_EXISTING);
                lambdaJar = copy;
                return copy;
            }
        } catch (IOException e) {
            throw new DeploymentException("The backend code bundled in Porthole could not be unpacked: " + e.getMessage(),
                    "Check that the temporary folder has free space, then deploy again.", e);
        }
        if (Files.isRegularFile(BUILT_LAMBDA_JAR)) {
            return BUILT_LAMBDA_JAR;
        }
        throw new DeploymentException("This build of Porthole has no backend code to deploy.",
                "Build the app from the whole source tree (./mvnw package), which bundles lambda-backend/target/porthole-lambda.jar.", null);
    }
}
