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

    DeployViewModel model() {
        return new DeployViewModel(service, ui, DeployViewModel.Mode.DEPLOY, null, deployed::add, b -> { });
    }

    @Test
    void defaults_to_the_default_profile_and_validates_the_stack_name() {
        DeployViewModel m = model();
        assertThat(m.profileProperty().get()).isEqualTo("default");
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
}
