package dev.porthole.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.porthole.deploy.aws.AwsConnection;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.deploy.testing.FakeAws;
import dev.porthole.deploy.testing.TestAws;
import dev.porthole.deploy.token.FunctionSecret;
import dev.porthole.template.Template;

/**
 * The function's secret: new at every deployment and every real update, the replaced one passed as
 * PreviousFunctionSecret, never lost when an update rolls back, never shown.
 */
class SecretRotationTest {

    private static final String STACK = "porthole-test";

    @TempDir
    Path home;

    private FakeAws aws;
    private AwsConnection connection;
    private Deployer deployer;
    private Path jar;
    private final List<DeployProgress> progress = new CopyOnWriteArrayList<>();
    /** Every message anyone could be shown during the test. */
    private final List<String> shown = new CopyOnWriteArrayList<>();
    /** Every secret value the stack was ever given. */
    private final List<String> secrets = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        aws = FakeAws.start();
        connection = TestAws.connection(aws);
        deployer = deployerAt(home.resolve("config"));
        jar = jar("porthole-lambda.jar", 1);
    }

    @AfterEach
    void noSecretWasEverShown() {
        try {
            assertThat(secrets).isNotEmpty();
            for (String secret : secrets) {
                assertThat(shown).noneMatch(m -> m.contains(secret));
            }
        } finally {
            connection.close();
            aws.close();
        }
    }

    private Deployer deployerAt(Path config) {
        return new Deployer(connection, ConfigDirectory.at(config), Template.load(), Clock.systemUTC(), Duration.ofMillis(1));
    }

    private Path jar(String name, long seed) throws IOException {
        byte[] bytes = new byte[20_000];
        new Random(seed).nextBytes(bytes);
        return Files.write(home.resolve(name), bytes);
    }

    private BackendDescription deploy(Deployer with, DeployRequest request) {
        progress.clear();
        try {
            return with.deploy(request, p -> {
                progress.add(p);
                shown.add(p.message());
            });
        } catch (DeployException e) {
            shown.add(e.getMessage());
            shown.add(e.problem());
            shown.add(e.nextStep());
            throw e;
        } finally {
            rememberSecrets();
        }
    }

    private void rememberSecrets() {
        aws.cloudFormation.status(STACK).ifPresent(s -> {
            Map<String, String> parameters = aws.cloudFormation.parameters(STACK);
            for (String name : List.of("FunctionSecret", "PreviousFunctionSecret")) {
                String value = parameters.getOrDefault(name, "");
                if (!value.isEmpty() && !secrets.contains(value)) {
                    secrets.add(value);
                }
            }
        });
    }

    private Path stored(String file) {
        return home.resolve("config/backends/us-east-1/" + STACK + "/" + file);
    }

    private String storedSecret() throws IOException {
        return Files.readString(stored("function-secret")).strip();
    }

    @Test
    void aFirstDeploymentMakesASecretOnlyThisComputerAndTheStackKnow() throws IOException {
        deploy(deployer, DeployRequest.of(STACK, jar));

        Map<String, String> parameters = aws.cloudFormation.parameters(STACK);
        FunctionSecret secret = FunctionSecret.of(parameters.get("FunctionSecret"));
        assertThat(parameters).containsEntry("FunctionSecretId", secret.id()).containsEntry("PreviousFunctionSecret", "");
        assertThat(storedSecret()).isEqualTo(secret.hex());
        assertThat(Files.getPosixFilePermissions(stored("function-secret"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(stored("function-secret.pending")).doesNotExist();
        // CloudFormation masks it, as it does the token's hash
        assertThat(deployer.describe(STACK)).isPresent();
    }

    @Test
    void aRealUpdateRotatesTheSecretAndPassesTheOldOneAsPrevious() throws IOException {
        deploy(deployer, DeployRequest.of(STACK, jar));
        String first = aws.cloudFormation.parameters(STACK).get("FunctionSecret");

        deploy(deployer, DeployRequest.of(STACK, jar("porthole-lambda-2.jar", 2)));

        Map<String, String> parameters = aws.cloudFormation.parameters(STACK);
        String second = parameters.get("FunctionSecret");
        assertThat(second).isNotEqualTo(first).matches("[0-9a-f]{64}");
        assertThat(parameters).containsEntry("PreviousFunctionSecret", first)
                .containsEntry("FunctionSecretId", FunctionSecret.of(second).id());
        assertThat(storedSecret()).isEqualTo(second);
        assertThat(stored("function-secret.pending")).doesNotExist();
        assertThat(progress).extracting(DeployProgress::message)
                .anySatisfy(m -> assertThat(m).contains("with a new function secret (the one it replaces stays valid"));
        // the version's description names the secret's ID, so the function really gets the new one
        assertThat(progress).filteredOn(DeployProgress.ResourceEvent.class::isInstance)
                .extracting(p -> ((DeployProgress.ResourceEvent) p).logicalId()).contains("Function", "FunctionVersion");

        // and again: the chain goes on
        deploy(deployer, DeployRequest.of(STACK, jar).withMemorySize(2048));
        assertThat(aws.cloudFormation.parameters(STACK)).containsEntry("PreviousFunctionSecret", second);
    }

    @Test
    void aDeploymentThatChangesNothingElseStaysANoOp() throws IOException {
        deploy(deployer, DeployRequest.of(STACK, jar));
        Map<String, String> before = aws.cloudFormation.parameters(STACK);
        String secret = storedSecret();

        deploy(deployer, DeployRequest.of(STACK, jar));

        assertThat(aws.cloudFormation.parameters(STACK)).isEqualTo(before);
        assertThat(aws.cloudFormation.executions()).isEqualTo(1);
        assertThat(storedSecret()).isEqualTo(secret);
        assertThat(stored("function-secret.pending")).doesNotExist();
        assertThat(progress).extracting(DeployProgress::message).anySatisfy(m -> assertThat(m).contains("up to date"))
                .noneSatisfy(m -> assertThat(m).contains("new function secret"));
        assertThat(aws.count("CreateChangeSet")).as("one for the creation, one to look for changes").isEqualTo(2);
    }

    @Test
    void aFailedUpdateKeepsTheSecretTheStackStillRunsWith() throws IOException {
        deploy(deployer, DeployRequest.of(STACK, jar));
        String running = storedSecret();
        aws.cloudFormation.failResource("FunctionVersion", "SnapStart optimization failed for the published version");

        assertThatThrownBy(() -> deploy(deployer, DeployRequest.of(STACK, jar("porthole-lambda-2.jar", 2))))
                .isInstanceOf(DeployException.class).hasMessageContaining("previous version is still running");

        assertThat(aws.cloudFormation.status(STACK)).contains("UPDATE_ROLLBACK_COMPLETE");
        assertThat(aws.cloudFormation.parameters(STACK)).containsEntry("FunctionSecret", running);
        assertThat(storedSecret()).isEqualTo(running);
        assertThat(stored("function-secret.pending")).doesNotExist();

        // the next update replaces the secret that really runs, so agents connected now keep their tunnels
        deploy(deployer, DeployRequest.of(STACK, jar("porthole-lambda-2.jar", 2)));
        assertThat(aws.cloudFormation.parameters(STACK)).containsEntry("PreviousFunctionSecret", running);
    }

    @Test
    void aDeploymentCutOffHalfWaySettlesTheNextTime() throws IOException {
        deploy(deployer, DeployRequest.of(STACK, jar));
        // a clock that jumps past the deadline once the update is running: the deployer gives up waiting mid-update
        Instant start = Instant.now();
        Clock jumping = new Clock() {
            @Override
            public Instant instant() {
                return aws.cloudFormation.executions() < 2 ? start : start.plus(Duration.ofHours(1));
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        Deployer impatient = new Deployer(connection, ConfigDirectory.at(home.resolve("config")), Template.load(), jumping,
                Duration.ofMillis(1));
        Path newJar = jar("porthole-lambda-2.jar", 2);
        assertThatThrownBy(() -> deploy(impatient, DeployRequest.of(STACK, newJar)))
                .isInstanceOf(DeployException.class).hasMessageContaining("Gave up waiting");
        assertThat(aws.cloudFormation.status(STACK)).contains("UPDATE_IN_PROGRESS");
        String pending = Files.readString(stored("function-secret.pending")).strip();

        // CloudFormation carried on; the next deployment waits for it, keeps the secret it ended with, and has nothing to do
        deploy(deployer, DeployRequest.of(STACK, newJar));

        assertThat(aws.cloudFormation.parameters(STACK)).containsEntry("FunctionSecret", pending);
        assertThat(storedSecret()).isEqualTo(pending);
        assertThat(stored("function-secret.pending")).doesNotExist();
        assertThat(progress).extracting(DeployProgress::message).anySatisfy(m -> assertThat(m).contains("up to date"));
    }

    @Test
    void fromAnotherComputerTheSecretIsReplacedAndTheUserIsTold() {
        deploy(deployer, DeployRequest.of(STACK, jar));
        Deployer elsewhere = deployerAt(home.resolve("other-config"));

        deploy(elsewhere, DeployRequest.of(STACK, jar));

        Map<String, String> parameters = aws.cloudFormation.parameters(STACK);
        assertThat(parameters.get("FunctionSecret")).isNotEqualTo(secrets.getFirst());
        assertThat(parameters).containsEntry("PreviousFunctionSecret", "");
        assertThat(progress).extracting(DeployProgress::message).anySatisfy(m -> assertThat(m)
                .contains("does not have the function secret").contains("reconnect once"));
    }

    @Test
    void aRefusedSecretIsNamedButNeverShown() {
        // a template stricter than the secrets the deployer makes: the check refuses them, and must not print them
        Template strict = Template.parse(Template.load().text().replace(
                "ConstraintDescription: 64 lowercase hex characters (32 random bytes)",
                "ConstraintDescription: 64 lowercase hex characters (32 random bytes)\n    MinLength: 65"));
        Deployer picky = new Deployer(connection, ConfigDirectory.at(home.resolve("config")), strict, Clock.systemUTC(),
                Duration.ofMillis(1));

        assertThatThrownBy(() -> deploy(picky, DeployRequest.of(STACK, jar)))
                .isInstanceOfSatisfying(DeployException.class, e -> assertThat(e.problem())
                        .startsWith("The setting FunctionSecret is not accepted: FunctionSecret must be at least 65 characters"));
        secrets.add(Files.exists(stored("function-secret.pending")) ? readQuietly(stored("function-secret.pending")) : "none");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
