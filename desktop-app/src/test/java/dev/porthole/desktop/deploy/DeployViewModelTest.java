package dev.porthole.desktop.deploy;

import dev.porthole.desktop.backend.AwsBackend;
import dev.porthole.desktop.testing.ManualUiExecutor;
import dev.porthole.desktop.testing.ScriptedDeployments;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class DeployViewModelTest {
    final ManualUiExecutor ui = new ManualUiExecutor();
    final ScriptedDeployments service = new ScriptedDeployments();
    final List<AwsBackend> deployed = new CopyOnWriteArrayList<>();
    final dev.porthole.desktop.testing.RecordingDesktop desktop = new dev.porthole.desktop.testing.RecordingDesktop();

    DeployViewModel model() {
        return new DeployViewModel(service, ui, desktop, DeployViewModel.Mode.DEPLOY, null, deployed::add, b -> { });
    }

    @Test
    void defaults_to_the_default_profile_and_validates_the_stack_name() {
        DeployViewModel m = model();
        assertThat(m.profileProperty().get()).isEqualTo(AwsCredentials.profile("default", null));
        assertThat(m.regionProperty().get()).isEqualTo("us-east-1");
        assertThat(m.canStartBinding().get()).isTrue();
        m.stackNameProperty().set("1porthole");
        assertThat(m.stackNameErrorProperty().get()).contains("starts with a letter");
        assertThat(m.canStartBinding().get()).isFalse();
        assertThat(m.start()).isNull();
        m.stackNameProperty().set("");
        assertThat(m.stackNameErrorProperty().get()).contains("Give the stack a name");
    }

    @Test
    void shows_progress_then_the_urls() {
        DeployViewModel m = model();
        m.start();
        ui.runPending();
        assertThat(m.events()).hasSize(3);
        assertThat(m.progressProperty().get()).isEqualTo(1.0);
        assertThat(m.finishedProperty().get()).isTrue();
        assertThat(m.runningProperty().get()).isFalse();
        assertThat(m.resultProperty().get().publicUrl()).hasToString("https://http123.execute-api.us-east-1.amazonaws.com/");
        assertThat(deployed).hasSize(1);
        assertThat(m.stepProperty().get()).isEqualTo("Your backend is ready.");
    }

    @Test
    void a_failure_says_what_happened_and_what_to_do() {
        service.failure = new DeploymentService.DeploymentException("Table failed: the account has reached its table limit.",
                "Remove tables you do not use, or ask AWS for a higher limit, then deploy again.", null);
        DeployViewModel m = model();
        m.start();
        ui.runPending();
        assertThat(m.errorProperty().get()).isEqualTo("Table failed: the account has reached its table limit.");
        assertThat(m.nextStepProperty().get()).startsWith("Remove tables");
        assertThat(m.runningProperty().get()).isFalse();
        assertThat(m.finishedProperty().get()).isFalse();
        assertThat(m.canStartBinding().get()).isTrue();
        assertThat(deployed).isEmpty();
    }

    static final String CERT_US_EAST_1 = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab";

    @Test
    void a_custom_domain_needs_both_a_domain_name_and_a_certificate_in_the_same_region() {
        DeployViewModel m = model();
        assertThat(m.domainNameErrorProperty().get()).as("neither is fine").isEmpty();
        m.domainNameProperty().set("tunnel.example.com");
        assertThat(m.certificateArnErrorProperty().get()).isEqualTo("A custom domain needs an ACM certificate for it in us-east-1: "
                + "paste the certificate's ARN.");
        assertThat(m.canStartBinding().get()).isFalse();
        m.domainNameProperty().set("");
        m.certificateArnProperty().set(CERT_US_EAST_1);
        assertThat(m.domainNameErrorProperty().get()).isEqualTo("Enter the domain the certificate is for, or leave both empty.");
        assertThat(m.certificateArnErrorProperty().get()).isEmpty();
        assertThat(m.canStartBinding().get()).isFalse();

        m.domainNameProperty().set("  Tunnel.Example.COM ");
        assertThat(m.domainNameErrorProperty().get()).as("the deployer sends it in lowercase").isEmpty();
        assertThat(m.canStartBinding().get()).isTrue();

        m.regionProperty().set("eu-west-1");
        assertThat(m.certificateArnErrorProperty().get()).isEqualTo("This certificate is in us-east-1, but the backend goes to "
                + "eu-west-1. API Gateway needs one in the backend's Region: request or import it there in ACM.");
        assertThat(m.canStartBinding().get()).isFalse();
        m.regionProperty().set("us-east-1");
        assertThat(m.canStartBinding().get()).isTrue();
    }

    @Test
    void domain_names_and_certificate_arns_follow_the_templates_rules_in_plain_words() {
        DeployViewModel m = model();
        m.certificateArnProperty().set(CERT_US_EAST_1);
        m.domainNameProperty().set("https://tunnel.example.com/");
        assertThat(m.domainNameErrorProperty().get()).contains("without https://");
        m.domainNameProperty().set("*.example.com");
        assertThat(m.domainNameErrorProperty().get()).contains("not a wildcard");
        m.domainNameProperty().set("localhost");
        assertThat(m.domainNameErrorProperty().get()).contains("full domain name");
        m.domainNameProperty().set("tunnel_1.example.com");
        assertThat(m.domainNameErrorProperty().get()).startsWith("This is not a domain name");
        m.domainNameProperty().set("-tunnel.example.com");
        assertThat(m.domainNameErrorProperty().get()).startsWith("This is not a domain name");
        m.domainNameProperty().set("a".repeat(80) + ".example.com");
        assertThat(m.domainNameErrorProperty().get()).isEqualTo("A custom domain has at most 90 characters.");
        m.domainNameProperty().set("hooks.dev.example.co.uk");
        assertThat(m.domainNameErrorProperty().get()).isEmpty();

        m.certificateArnProperty().set("0f1e2d3c-aaaa-bbbb-cccc-1234567890ab");
        assertThat(m.certificateArnErrorProperty().get()).startsWith("This is not an ACM certificate ARN. It looks like arn:aws:acm:us-east-1:");
        m.certificateArnProperty().set("arn:aws:iam::123456789012:server-certificate/tunnel");
        assertThat(m.certificateArnErrorProperty().get()).startsWith("This is not an ACM certificate ARN");
        m.certificateArnProperty().set(" " + CERT_US_EAST_1 + " ");
        assertThat(m.certificateArnErrorProperty().get()).isEmpty();
        assertThat(m.canStartBinding().get()).isTrue();
    }

    @Test
    void the_custom_domain_is_deployed_and_the_result_says_where_the_cname_points() {
        DeployViewModel m = model();
        m.domainNameProperty().set("Tunnel.Example.com");
        m.certificateArnProperty().set(CERT_US_EAST_1);
        m.start();
        ui.runPending();
        assertThat(service.requested).containsExactly(new CustomDomain("tunnel.example.com", CERT_US_EAST_1));
        AwsBackend result = m.resultProperty().get();
        assertThat(result.publicUrl()).hasToString("https://tunnel.example.com/");
        assertThat(result.domainName()).isEqualTo("tunnel.example.com");
        assertThat(result.customDomainTarget()).isEqualTo("d-abc123.execute-api.us-east-1.amazonaws.com");
    }

    @Test
    void without_a_custom_domain_nothing_is_asked_of_dns() {
        DeployViewModel m = model();
        m.start();
        ui.runPending();
        assertThat(service.requested).containsExactly(CustomDomain.NONE);
        assertThat(m.resultProperty().get().domainName()).isNull();
        assertThat(m.resultProperty().get().customDomainTarget()).isNull();
    }

    @Test
    void choosing_a_profile_brings_its_region_and_refresh_finds_credentials_set_up_meanwhile() {
        service.profileList = List.of();
        DeployViewModel m = model();
        assertThat(m.credentials()).isEmpty();
        assertThat(m.canStartBinding().get()).as("nothing to deploy with").isFalse();

        service.profileList = List.of(AwsCredentials.profile("default", null), AwsCredentials.profile("work", "eu-west-1"));
        m.refresh();
        assertThat(m.credentials()).hasSize(2);
        assertThat(m.profileProperty().get().profile()).isEqualTo("default");
        assertThat(m.regionProperty().get()).isEqualTo("us-east-1");
        m.profileProperty().set(m.credentials().get(1));
        assertThat(m.regionProperty().get()).as("the profile's own region").isEqualTo("eu-west-1");
        m.refresh();
        assertThat(m.profileProperty().get().profile()).as("Refresh keeps the choice").isEqualTo("work");
        assertThat(m.canStartBinding().get()).isTrue();
    }

    @Test
    void credentials_from_the_environment_are_offered_with_their_region_and_deploy_without_a_profile() {
        var env = AwsCredentials.fromEnvironment(java.util.Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_REGION", "eu-central-1")).orElseThrow();
        assertThat(env.fromEnvironment()).isTrue();
        assertThat(env.toString()).contains("Environment variables");
        assertThat(AwsCredentials.fromEnvironment(java.util.Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"))).as("no secret, no credentials").isEmpty();
        service.profileList = List.of(env);
        DeployViewModel m = model();
        assertThat(m.profileProperty().get()).isEqualTo(env);
        assertThat(m.regionProperty().get()).isEqualTo("eu-central-1");
        m.start();
        ui.runPending();
        assertThat(service.profilesUsed).containsExactly("(environment)");
        assertThat(m.resultProperty().get().profile()).isNull();
    }

    @Test
    void a_failed_run_ends_cleanly_instead_of_a_step_that_seems_to_go_on() {
        service.events = List.of(new DeployProgress("Porthole", "", "Checking the AWS credentials…", 2));
        service.failure = new DeploymentService.DeploymentException("The AWS credentials of profile 'default' are not valid.",
                "Run aws configure again, then Refresh.", null);
        DeployViewModel m = model();
        m.start();
        ui.runPending();
        assertThat(m.failedProperty().get()).isTrue();
        assertThat(m.runningProperty().get()).isFalse();
        assertThat(m.stepProperty().get()).startsWith("Stopped:");
        assertThat(m.events().getLast().status()).isEqualTo("FAILED");
        assertThat(m.events().getLast().reason()).contains("not valid");
        assertThat(m.canStartBinding().get()).as("it can be tried again").isTrue();
    }

    @Test
    void the_permissions_link_opens_the_deployment_guide() {
        model().showPermissions();
        assertThat(desktop.openedFiles).singleElement().satisfies(p -> {
            assertThat(p.getFileName().toString()).isEqualTo("deploying.md");
            assertThat(java.nio.file.Files.readString(p)).contains("Permission to manage CloudFormation stacks");
        });
    }

    @Test
    void the_stack_name_follows_the_deployers_limit() {
        DeployViewModel m = model();
        m.stackNameProperty().set("p" + "x".repeat(54));
        assertThat(m.stackNameErrorProperty().get()).isEmpty();
        m.stackNameProperty().set("p" + "x".repeat(55));
        assertThat(m.stackNameErrorProperty().get()).contains("at most 55");
    }
}
