package dev.porthole.deploy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import dev.porthole.deploy.BackendDescription;
import dev.porthole.deploy.DeployException;
import dev.porthole.deploy.DeployProgress;
import dev.porthole.deploy.DeployRequest;
import dev.porthole.deploy.Deployer;
import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.aws.AwsProfile;
import dev.porthole.deploy.aws.AwsProfiles;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.deploy.health.BackendHealth;
import dev.porthole.deploy.limits.BackendLimits;
import dev.porthole.deploy.preflight.PreflightReport;
import picocli.CommandLine;
import software.amazon.awssdk.profiles.ProfileFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code java -jar porthole-deployer.jar deploy|check|destroy|status|profiles}. */
@Command(name = "porthole-deployer", mixinStandardHelpOptions = true, versionProvider = PortholeDeploy.Version.class,
        description = "Deploys, updates and removes your Porthole backend (a CloudFormation stack in your AWS account).",
        subcommands = {PortholeDeploy.Deploy.class, PortholeDeploy.Check.class, PortholeDeploy.Destroy.class,
                PortholeDeploy.Status.class, PortholeDeploy.Profiles.class})
public final class PortholeDeploy implements Runnable {

    /** Where a build may bundle the Lambda jar inside this jar. */
    static final String BUNDLED_LAMBDA_JAR = "dev/porthole/deploy/porthole-lambda.jar";
    static final Path BUILT_LAMBDA_JAR = Path.of("lambda-backend", "target", "porthole-lambda.jar");

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new PortholeDeploy());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof DeployException failure) {
                err.println("Error: " + failure.problem());
                err.println("Next: " + failure.nextStep());
            } else {
                err.println("Error: " + e);
                err.println("Next: this is a bug in Porthole; please report it with the line above.");
            }
            err.flush();
            return 1;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every command that talks to AWS has. */
    static final class AwsOptions {
        @Option(names = "--profile", description = "AWS profile from ~/.aws/config (default: AWS_PROFILE, then the default credential chain)")
        String profile;

        @Option(names = "--region", description = "AWS Region, e.g. eu-west-1 (default: the profile's region, then AWS_REGION)")
        String region;

        @Option(names = "--stack-name", defaultValue = DeployRequest.DEFAULT_STACK_NAME, description = "CloudFormation stack name (default: ${DEFAULT-VALUE})")
        String stackName;

        @Option(names = "--config-dir", description = "Where agent tokens are kept (default: your Porthole config directory)")
        Path configDir;

        @Option(names = "--endpoint-url", description = "Send every AWS call to this URL (a local emulator), like the AWS CLI's option")
        URI endpointUrl;

        @Option(names = "--poll-millis", hidden = true, defaultValue = "5000", description = "How often to ask CloudFormation for news")
        long pollMillis;

        AwsConnection connect() {
            AwsConnection.Builder builder = AwsConnection.builderForProfile(profile, region, ProfileFile::defaultProfileFile);
            if (endpointUrl != null) {
                builder.endpointOverride(endpointUrl);
            }
            return builder.build();
        }

        Deployer deployer(AwsConnection aws) {
            return new Deployer(aws, configDir == null ? ConfigDirectory.forCurrentUser() : ConfigDirectory.at(configDir),
                    dev.porthole.template.Template.load(), Clock.systemUTC(), Duration.ofMillis(pollMillis));
        }
    }

    @Command(name = "deploy", mixinStandardHelpOptions = true, description = "Create your Porthole backend, or update it to this version.")
    static final class Deploy implements Callable<Integer> {
        @Mixin
        AwsOptions aws;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--lambda-jar", description = "The backend jar (default: the one bundled in this jar, then ${sys:line.separator}  lambda-backend/target/porthole-lambda.jar)")
        Path lambdaJar;

        @Option(names = "--memory", defaultValue = "1024", description = "Lambda memory in MB (default: ${DEFAULT-VALUE})")
        int memory;

        @Option(names = "--stage", defaultValue = "porthole", description = "WebSocket API stage (default: ${DEFAULT-VALUE})")
        String stage;

        @Option(names = "--domain", description = "Custom domain for the public URLs (needs --certificate-arn)")
        String domain;

        @Option(names = "--certificate-arn", description = "ACM certificate for --domain, in the stack's Region")
        String certificateArn;

        @Option(names = "--timeout-minutes", defaultValue = "30", description = "How long to wait for CloudFormation (default: ${DEFAULT-VALUE})")
        long timeoutMinutes;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path jar = lambdaJar != null ? lambdaJar : defaultLambdaJar();
            DeployRequest request = DeployRequest.of(aws.stackName, jar).withMemorySize(memory).withStageName(stage)
                    .withCustomDomain(domain, certificateArn).withTimeout(Duration.ofMinutes(timeoutMinutes));
            try (AwsConnection connection = aws.connect()) {
                Deployer deployer = aws.deployer(connection);
                BackendDescription backend = deployer.deploy(request, printer(out));
                out.println();
                out.println("WebSocket URL: " + backend.websocketUrl());
                out.println("Public URL:    " + backend.publicUrl());
                out.println("Agent token:   stored in " + deployer.tokenLocation(aws.stackName) + " (keep it secret)");
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check that your Porthole backend can be deployed here (what deploy checks first), changing nothing.")
    static final class Check implements Callable<Integer> {
        @Mixin
        AwsOptions aws;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--domain", description = "Custom domain for the public URLs (needs --certificate-arn)")
        String domain;

        @Option(names = "--certificate-arn", description = "ACM certificate for --domain, in the stack's Region")
        String certificateArn;

        /** 0 when nothing stands in the way (warnings allowed), 1 when a check failed. */
        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (AwsConnection connection = aws.connect()) {
                PreflightReport report = aws.deployer(connection).check(aws.stackName, domain, certificateArn, printer(out));
                out.println();
                int warnings = report.warnings().size();
                out.println(report.failures().size() + " failed, " + warnings + (warnings == 1 ? " warning, " : " warnings, ")
                        + (report.checks().size() - report.failures().size() - warnings) + " passed.");
                out.flush();
                return report.passed() ? 0 : 1;
            }
        }
    }

    @Command(name = "destroy", mixinStandardHelpOptions = true, description = "Remove your Porthole backend: the stack, its artifact bucket and the stored token.")
    static final class Destroy implements Callable<Integer> {
        @Mixin
        AwsOptions aws;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--timeout-minutes", defaultValue = "30", description = "How long to wait for CloudFormation (default: ${DEFAULT-VALUE})")
        long timeoutMinutes;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (AwsConnection connection = aws.connect()) {
                aws.deployer(connection).destroy(aws.stackName, Duration.ofMinutes(timeoutMinutes), printer(out));
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the URLs of your deployed Porthole backend.")
    static final class Status implements Callable<Integer> {
        @Mixin
        AwsOptions aws;

        @Option(names = "--health", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Ask the backend's health endpoint whether it answers (default: yes)")
        boolean health;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (AwsConnection connection = aws.connect()) {
                Deployer deployer = aws.deployer(connection);
                Optional<BackendDescription> backend = deployer.describe(aws.stackName);
                if (backend.isEmpty()) {
                    out.println("No Porthole backend '" + aws.stackName + "' in " + connection.region().id()
                            + ". Deploy one with: porthole-deployer deploy --stack-name " + aws.stackName);
                    out.flush();
                    return 3;
                }
                out.println("Stack:            " + backend.get().stackName() + " (" + backend.get().region() + ", template "
                        + backend.get().templateVersion() + ")");
                out.println("WebSocket URL:    " + backend.get().websocketUrl());
                out.println("Public URL:       " + backend.get().publicUrl());
                if (health) {
                    out.println("Health:           " + BackendHealth.check(backend.get().publicUrl(), Duration.ofSeconds(30)).message());
                }
                out.println("Agent token:      " + (deployer.token(aws.stackName).isPresent()
                        ? "stored in " + deployer.tokenLocation(aws.stackName) : "not on this computer (deploy again to make one)"));
                printLimits(deployer, out);
                out.flush();
            }
            return 0;
        }
    }

    /** The limits are worth knowing, not worth failing the status for. */
    static void printLimits(Deployer deployer, PrintWriter out) {
        try {
            BackendLimits limits = deployer.limits();
            List<String> lines = limits.lines();
            out.println("Limits:           " + lines.getFirst());
            lines.subList(1, lines.size()).forEach(line -> out.println("                  " + line));
            limits.warning().ifPresent(warning -> out.println("Warning:          " + warning));
        } catch (DeployException e) {
            out.println("Limits:           unknown: " + e.problem());
        }
    }

    @Command(name = "profiles", mixinStandardHelpOptions = true, description = "List the AWS profiles of ~/.aws/config and ~/.aws/credentials.")
    static final class Profiles implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var profiles = AwsProfiles.list();
            if (profiles.isEmpty()) {
                out.println("No AWS profiles. Set one up with `aws configure` or `aws configure sso`.");
            }
            for (AwsProfile profile : profiles) {
                out.printf("%-24s %-16s %s%n", profile.name(), profile.region() == null ? "(no region)" : profile.region(),
                        profile.credentials().name().toLowerCase().replace('_', ' '));
            }
            out.flush();
            return 0;
        }
    }

    static Consumer<DeployProgress> printer(PrintWriter out) {
        return progress -> {
            out.printf("[%3d%%] %s%n", progress.percent(), progress.message());
            out.flush();
        };
    }

    /** The bundled jar if this build has one, else the one built in this working copy. */
    static Path defaultLambdaJar() throws IOException {
        try (InputStream bundled = PortholeDeploy.class.getClassLoader().getResourceAsStream(BUNDLED_LAMBDA_JAR)) {
            if (bundled != null) {
                Path copy = Files.createTempFile("porthole-lambda-", ".jar");
                copy.toFile().deleteOnExit();
                Files.copy(bundled, copy, StandardCopyOption.REPLACE_EXISTING);
                return copy;
            }
        }
        if (Files.isRegularFile(BUILT_LAMBDA_JAR)) {
            return BUILT_LAMBDA_JAR;
        }
        throw new DeployException("No Lambda jar: this deployer has none bundled, and there is no "
                + BUILT_LAMBDA_JAR + " under " + Path.of("").toAbsolutePath() + ".",
                "Build it with `./mvnw -pl lambda-backend -am package` in the Porthole source tree, or pass --lambda-jar PATH.");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"porthole-deployer, template " + dev.porthole.template.Template.load().version()};
        }
    }
}
