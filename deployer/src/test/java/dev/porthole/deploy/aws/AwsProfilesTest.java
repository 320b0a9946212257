package dev.porthole.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.porthole.deploy.DeployException;
import dev.porthole.deploy.DeployRequest;
import dev.porthole.deploy.Deployer;
import dev.porthole.deploy.config.ConfigDirectory;
import dev.porthole.deploy.testing.FakeAws;
import dev.porthole.deploy.testing.TestAws;
import dev.porthole.template.Template;
import software.amazon.awssdk.profiles.ProfileFile;

/** Profiles from temporary ~/.aws files (never the real ones), and what happens with each kind. */
class AwsProfilesTest {

    @TempDir
    Path dir;

    private Path config;
    private Path credentials;
    private FakeAws aws;

    @BeforeEach
    void files() throws IOException {
        config = Files.writeString(dir.resolve("config"), """
                [default]
                region = eu-west-1

                [profile dev]
                region = us-east-1

                [profile work]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Developer
                region = eu-central-1

                [profile legacy-sso]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                sso_account_id = 123456789012
                sso_role_name = Developer

                [profile deployer]
                role_arn = arn:aws:iam::123456789012:role/Deployer
                source_profile = dev

                [profile empty]
                region = us-east-1

                [profile expired]
                region = us-east-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                """);
        credentials = Files.writeString(dir.resolve("credentials"), """
                [default]
                aws_access_key_id = AKIADEFAULT
                aws_secret_access_key = default-secret

                [dev]
                aws_access_key_id = AKIADEV
                aws_secret_access_key = dev-secret

                [expired]
                aws_access_key_id = ASIAEXPIRED
                aws_secret_access_key = expired-secret
                aws_session_token = expired-session
                """);
        aws = FakeAws.start();
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private Supplier<ProfileFile> profiles() {
        return () -> AwsProfiles.files(config, credentials);
    }

    private AwsConnection connect(String profile, String region) {
        return AwsConnection.builderForProfile(profile, region, profiles())
                .endpointOverride(aws.endpoint()).retryStrategy(TestAws.quickRetries()).build();
    }

    private Deployer deployer(AwsConnection connection) {
        return new Deployer(connection, ConfigDirectory.at(dir.resolve("porthole")), Template.load(), Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Test
    void listsEveryProfileWithItsRegionAndKind() {
        var list = AwsProfiles.list(AwsProfiles.files(config, credentials));
        assertThat(list).extracting(AwsProfile::name)
                .containsExactly("default", "deployer", "dev", "empty", "expired", "legacy-sso", "work");
        assertThat(list.getFirst()).isEqualTo(new AwsProfile("default", "eu-west-1", AwsProfile.CredentialSource.ACCESS_KEYS));
        assertThat(list).contains(
                new AwsProfile("dev", "us-east-1", AwsProfile.CredentialSource.ACCESS_KEYS),
                new AwsProfile("work", "eu-central-1", AwsProfile.CredentialSource.SSO),
                new AwsProfile("legacy-sso", null, AwsProfile.CredentialSource.SSO),
                new AwsProfile("deployer", null, AwsProfile.CredentialSource.ASSUME_ROLE),
                new AwsProfile("empty", "us-east-1", AwsProfile.CredentialSource.NONE));
        assertThat(list.stream().filter(AwsProfile::sso)).hasSize(2);
    }

    @Test
    void missingFilesMeanNoProfiles() {
        assertThat(AwsProfiles.list(AwsProfiles.files(dir.resolve("nope"), dir.resolve("nope2")))).isEmpty();
    }

    @Test
    void aNamedProfileSignsWithItsKeysInItsRegion() {
        try (AwsConnection connection = connect("dev", null)) {
            assertThat(connection.region().id()).isEqualTo("us-east-1");
            assertThat(connection.profileName()).isEqualTo("dev");
            assertThat(connection.accountId()).isEqualTo(FakeAws.ACCOUNT);
        }
        try (AwsConnection connection = connect("dev", "ap-southeast-2")) {
            assertThat(connection.region().id()).isEqualTo("ap-southeast-2"); // an explicit Region wins
        }
    }

    @Test
    void anUnknownProfileIsNamedWithTheOnesThatExist() {
        assertThatThrownBy(() -> connect("prod", null))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.problem()).contains("no AWS profile named 'prod'").contains("default, deployer, dev");
                    assertThat(e.nextStep()).contains("aws configure --profile prod");
                });
    }

    @Test
    void aProfileWithoutRegionNeedsOne() {
        assertThatThrownBy(() -> connect("deployer", null))
                .isInstanceOfSatisfying(DeployException.class, e -> {
                    assertThat(e.problem()).contains("No AWS Region");
                    assertThat(e.nextStep()).contains("--region");
                });
        assertThatThrownBy(() -> connect("dev", "mars-1")).isInstanceOf(DeployException.class).hasMessageContaining("not an AWS Region");
    }

    @Test
    void missingCredentialsGiveAClearMessage() throws IOException {
        Path jar = Files.write(dir.resolve("l.jar"), new byte[] {1, 2, 3});
        try (AwsConnection connection = connect("empty", null)) {
            assertThatThrownBy(() -> deployer(connection).deploy(DeployRequest.of("porthole", jar), p -> { }))
                    .isInstanceOfSatisfying(DeployException.class, e -> {
                        assertThat(e.problem()).isEqualTo("No AWS credentials were found for profile 'empty'.");
                        assertThat(e.nextStep()).contains("aws configure --profile empty").contains("aws sso login");
                    });
        }
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void expiredSessionCredentialsGiveAClearMessage() throws IOException {
        aws.expire("ASIAEXPIRED");
        Path jar = Files.write(dir.resolve("l.jar"), new byte[] {1, 2, 3});
        try (AwsConnection connection = connect("expired", null)) {
            assertThatThrownBy(() -> deployer(connection).deploy(DeployRequest.of("porthole", jar), p -> { }))
                    .isInstanceOfSatisfying(DeployException.class, e -> {
                        assertThat(e.problem()).contains("credentials have expired").contains("profile 'expired'");
                        assertThat(e.nextStep()).contains("aws sso login --profile expired");
                    });
        }
    }

    @Test
    void anSsoProfileWithoutALoginSaysToLogIn() throws IOException {
        Path jar = Files.write(dir.resolve("l.jar"), new byte[] {1, 2, 3});
        try (AwsConnection connection = connect("work", null)) {
            assertThat(connection.region().id()).isEqualTo("eu-central-1");
            assertThatThrownBy(() -> deployer(connection).deploy(DeployRequest.of("porthole", jar), p -> { }))
                    .isInstanceOfSatisfying(DeployException.class, e -> {
                        assertThat(e.problem()).contains("profile 'work'").contains("SSO");
                        assertThat(e.nextStep()).contains("aws sso login --profile work");
                    });
        }
        assertThat(aws.calls()).isEmpty();
    }
}
