package dev.porthole.desktop.ui;

import dev.porthole.deploy.testing.FakeAws;
import dev.porthole.deploy.testing.TestAws;
import dev.porthole.desktop.Services;
import dev.porthole.desktop.backend.EmbeddedLocalBackend;
import dev.porthole.desktop.deploy.AwsDeploymentService;
import dev.porthole.desktop.har.HarReader;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.replay.HttpReplayService;
import dev.porthole.desktop.settings.SettingsStore;
import dev.porthole.desktop.testing.EchoServer;
import dev.porthole.desktop.tunnel.AgentTunnelService;
import dev.porthole.desktop.tunnel.PortProbe;
import dev.porthole.desktop.tunnel.TunnelItemViewModel;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;

import static dev.porthole.desktop.ui.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario with every part real: the embedded local backend (API Gateway + Lambda + DynamoDB Local),
 * an agent per tunnel, a local HTTP server, a public request through the tunnel; then the inspector, edit and replay
 * with its diff, HAR export read back; and the deploy dialog driving the real deployer against the deployer's local
 * CloudFormation/S3 server, succeeding and then failing.
 */
@ExtendWith(ApplicationExtension.class)
class EndToEndUiTest {
    @TempDir
    static Path dir;
    EchoServer server;
    FakeAws aws;
    EmbeddedLocalBackend local;
    UiTestSupport app;

    @Start
    void start(Stage stage) throws Exception {
        server = new EchoServer();
        aws = FakeAws.start();
        Path configDir = dir.resolve("config-" + System.nanoTime());
        SettingsStore settings = new SettingsStore(configDir);
        local = new EmbeddedLocalBackend(configDir, settings, false);
        Path lambdaJar = Files.write(dir.resolve("porthole-lambda.jar"), randomBytes());
        HttpReplayService http = new HttpReplayService(Clock.systemUTC(), Duration.ofSeconds(10));
        Services services = new Services(local,
                new AwsDeploymentService(configDir, () -> List.of("default", "work"), (profile, region) -> TestAws.connection(aws),
                        Duration.ofMillis(10), lambdaJar),
                directory -> new AgentTunnelService(directory, http), http,
                PortProbe.tcp(Executors.newVirtualThreadPerTaskExecutor()), Clock.systemUTC());
        app = new UiTestSupport(stage, configDir, settings, services);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[50_000];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    @AfterEach
    void close() throws Exception {
        org.testfx.util.WaitForAsyncUtils.asyncFx(() -> app.context.close()).get(30, java.util.concurrent.TimeUnit.SECONDS);
        server.close();
        aws.close();
    }

    @Test
    void a_public_request_is_logged_inspected_replayed_diffed_and_exported(FxRobot robot) throws Exception {
        robot.clickOn("#empty-new-tunnel");
        robot.clickOn("#tunnel-port").write(Integer.toString(server.port()));
        robot.clickOn("#tunnel-name").write("Echo");
        robot.clickOn("#save-tunnel");
        TunnelItemViewModel item = app.context.tunnels().tunnels().getFirst();
        robot.clickOn("#toggle-Echo");
        waitUntil(() -> item.publicUrlProperty().get() != null, Duration.ofSeconds(60));
        URI publicUrl = item.publicUrlProperty().get();
        assertThat(publicUrl.toString()).startsWith(local.publicUrl().toString());

        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(publicUrl.resolve("hooks/order?id=7"))
                    .header("Content-Type", "application/json").header("X-Signature", "sig-1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"order\":7,\"paid\":false}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(201);
        }
        assertThat(server.take().target()).isEqualTo("/hooks/order?id=7");
        waitUntil(() -> app.context.log().entries().size() == 1);
        robot.interact(() -> app.context.tunnels().refresh());
        app.screenshot(robot, "20-e2e-tunnel-online");

        robot.clickOn("#nav-requests");
        LogEntry original = app.context.log().entries().getFirst();
        assertThat(original.target()).isEqualTo("/hooks/order?id=7");
        assertThat(original.exchange().request().headers().first("X-Signature")).contains("sig-1");
        robot.interact(() -> app.context.log().selectedProperty().set(original));
        assertThat(robot.lookup(".inspector-title").queryLabeled().getText()).isEqualTo("POST /hooks/order?id=7");

        robot.clickOn("#edit-replay");
        robot.interact(() -> robot.lookup("#replay-target").queryTextInputControl().setText("/hooks/order?id=7&retry=1"));
        robot.clickOn("#replay-send");
        EchoServer.Received replayed = server.take();
        assertThat(replayed.target()).isEqualTo("/hooks/order?id=7&retry=1");
        assertThat(replayed.headers().get("X-signature")).containsExactly("sig-1");
        waitUntil(() -> app.context.log().entries().stream().anyMatch(LogEntry::isReplay));
        LogEntry replay = app.context.log().entries().stream().filter(LogEntry::isReplay).findFirst().orElseThrow();
        assertThat(replay.replayOf()).isEqualTo(original.id());
        assertThat(app.context.log().entries()).hasSize(2);
        TabPane responseTabs = robot.lookup("#response-tabs").queryAs(TabPane.class);
        waitUntil(() -> responseTabs.getSelectionModel().getSelectedItem() != null
                && "diff-tab".equals(responseTabs.getSelectionModel().getSelectedItem().getId()));
        assertThat(robot.lookup("#diff-summary").queryLabeled().getText()).contains("removed").contains("added");
        app.screenshot(robot, "21-e2e-replay-diff");

        Path har = dir.resolve("export.har");
        app.harPath = har;
        robot.clickOn("#har-menu").clickOn("All requests…");
        waitUntil(() -> Files.exists(har));
        List<LogEntry> back = HarReader.read(har);
        assertThat(back).extracting(LogEntry::target).containsExactly("/hooks/order?id=7", "/hooks/order?id=7&retry=1");
        assertThat(back.get(1).replayOf()).isEqualTo(original.id());
        assertThat(new String(back.getFirst().exchange().request().body().bytes())).isEqualTo("{\"order\":7,\"paid\":false}");
    }

    @Test
    void the_deploy_dialog_drives_the_deployer_to_success_and_explains_a_failure(FxRobot robot) {
        robot.clickOn("#nav-backends");
        robot.clickOn("#deploy-aws");
        robot.interact(() -> robot.lookup("#deploy-stack").queryTextInputControl().setText("porthole-e2e"));
        robot.clickOn("#deploy-start");
        waitUntil(() -> robot.lookup("#deploy-result").tryQuery().map(n -> n.isVisible()).orElse(false), Duration.ofSeconds(60));
        assertThat(robot.lookup("#deploy-result").queryLabeled().getText()).contains("Public URL: http");
        assertThat(app.context.backends().aws()).extracting(b -> b.stackName()).containsExactly("porthole-e2e");
        assertThat(app.context.backends().refs()).hasSize(2);
        assertThat(aws.cloudFormation.status("porthole-e2e")).contains("CREATE_COMPLETE");
        app.screenshot(robot, "22-e2e-deploy-done");
        robot.interact(() -> app.window.modals().close());

        aws.cloudFormation.failResource("Table", "Table is being used by a backup");
        robot.clickOn("#deploy-aws");
        robot.interact(() -> robot.lookup("#deploy-stack").queryTextInputControl().setText("porthole-broken"));
        robot.clickOn("#deploy-start");
        waitUntil(() -> robot.lookup("#deploy-error").tryQuery().map(n -> n.isVisible()).orElse(false), Duration.ofSeconds(60));
        String error = robot.lookup("#deploy-error").queryLabeled().getText();
        assertThat(error).contains("Table").contains("used by a backup");
        assertThat(error.lines().count()).as("problem, then the next step").isGreaterThanOrEqualTo(2);
        app.screenshot(robot, "23-e2e-deploy-failed");
    }
}
