package dev.porthole.desktop.ui;

import dev.porthole.deploy.testing.FakeAws;
import dev.porthole.deploy.testing.TestAws;
import dev.porthole.desktop.Services;
import dev.porthole.desktop.backend.EmbeddedLocalBackend;
import dev.porthole.desktop.deploy.AwsDeploymentService;
import dev.porthole.desktop.har.HarReader;
import dev.porthole.desktop.log.LogEntry;
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
        Services services = new Services(local,
                new AwsDeploymentService(configDir, () -> List.of(dev.porthole.desktop.deploy.AwsCredentials.profile("default", null), dev.porthole.desktop.deploy.AwsCredentials.profile("work", null)), (profile, region) -> TestAws.connection(aws),
                        Duration.ofMillis(10), lambdaJar),
                AgentTunnelService::new,
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
        assertThat(robot.lookup("#tunnel-start-now").queryAs(javafx.scene.control.CheckBox.class).isSelected())
                .as("a new tunnel starts as it is created").isTrue();
        robot.clickOn("#save-tunnel");
        TunnelItemViewModel item = app.context.tunnels().tunnels().getFirst();
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
        waitUntil(() -> robot.lookup("#diff-summary").tryQuery().isPresent());
        assertThat(robot.lookup("#diff-summary").queryLabeled().getText()).contains("removed").contains("added");
        app.screenshot(robot, "21-e2e-replay-diff");

        Path har = dir.resolve("export.har");
        app.files.har = har;
        robot.clickOn("#har-menu").clickOn("All requests…");
        waitUntil(() -> Files.exists(har));
        List<LogEntry> back = HarReader.read(har);
        assertThat(back).extracting(LogEntry::target).containsExactly("/hooks/order?id=7", "/hooks/order?id=7&retry=1");
        assertThat(back.get(1).replayOf()).isEqualTo(original.id());
        assertThat(new String(back.getFirst().exchange().request().body().bytes())).isEqualTo("{\"order\":7,\"paid\":false}");
    }

    /**
     * A webhook sent while the tunnel is stopped is answered 202 by the backend and kept; starting the tunnel again
     * delivers it to the local server, and the log says when it was sent.
     */
    @Test
    void a_webhook_sent_while_the_tunnel_is_stopped_arrives_when_it_starts_again(FxRobot robot) throws Exception {
        robot.clickOn("#empty-new-tunnel");
        robot.clickOn("#tunnel-port").write(Integer.toString(server.port()));
        robot.clickOn("#tunnel-name").write("Hooks");
        robot.clickOn("#tunnel-catch");
        robot.clickOn("#save-tunnel");
        TunnelItemViewModel item = app.context.tunnels().tunnels().getFirst();
        waitUntil(() -> item.publicUrlProperty().get() != null, Duration.ofSeconds(60));
        URI url = item.publicUrlProperty().get().resolve("hooks/invoice-paid");
        robot.clickOn("#toggle-Hooks");
        waitUntil(() -> item.lightProperty().get() == dev.porthole.desktop.tunnel.StatusWords.Light.OFF, Duration.ofSeconds(10));

        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> kept = client.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"invoice\":42}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(kept.statusCode()).as(kept.body()).isEqualTo(202);
        }
        assertThat(app.context.log().entries()).isEmpty();

        robot.clickOn("#toggle-Hooks");
        EchoServer.Received delivered = server.take();
        assertThat(delivered.target()).isEqualTo("/hooks/invoice-paid");
        assertThat(delivered.body()).isEqualTo("{\"invoice\":42}");
        waitUntil(() -> app.context.log().entries().size() == 1);
        LogEntry entry = app.context.log().entries().getFirst();
        assertThat(entry.exchange().request().caught()).isTrue();
        robot.clickOn("#nav-requests");
        robot.interact(() -> app.context.log().selectedProperty().set(entry));
        assertThat(robot.lookup(".inspector-timing").queryLabeled().getText()).contains("kept while offline since");
        assertThat(robot.lookup(".log-mark").queryAllAs(org.kordamp.ikonli.javafx.FontIcon.class))
                .as("the log row is marked as kept").anyMatch(icon -> icon.isVisible()
                        && icon.getIconCode() == org.kordamp.ikonli.feather.Feather.INBOX);
        app.screenshot(robot, "27-e2e-kept-while-offline");
    }

    @Test
    void a_protected_tunnel_turns_callers_without_the_password_away_and_keeps_the_public_host(FxRobot robot) throws Exception {
        robot.clickOn("#empty-new-tunnel");
        robot.clickOn("#tunnel-port").write(Integer.toString(server.port()));
        robot.clickOn("#tunnel-name").write("Private");
        robot.clickOn("#tunnel-protect");
        robot.clickOn("#tunnel-access-user").write("team");
        robot.clickOn("#tunnel-access-password").write("open sesame");
        robot.clickOn("#tunnel-keep-host");
        app.screenshot(robot, "24-e2e-protected-tunnel-dialog");
        robot.clickOn("#save-tunnel");
        TunnelItemViewModel item = app.context.tunnels().tunnels().getFirst();
        assertThat(Files.readString(app.context.configDir().resolve("tunnels.json"))).doesNotContain("open sesame");
        waitUntil(() -> item.publicUrlProperty().get() != null, Duration.ofSeconds(60));
        URI url = item.publicUrlProperty().get().resolve("admin?page=1");

        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(anonymous.headers().firstValue("X-Porthole-Error")).contains("authentication-required");
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(url).header("Authorization", basic("team:guess")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(server.count()).as("nothing reached this computer").isZero();

            HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(url).header("Authorization", basic("team:open sesame")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).isEqualTo(200);
        }
        EchoServer.Received received = server.take();
        assertThat(received.target()).isEqualTo("/admin?page=1");
        assertThat(received.headers()).as("the password stays with the backend").doesNotContainKey("Authorization");
        assertThat(received.headers().get("Host")).as("the public Host header, kept")
                .containsExactly(item.publicUrlProperty().get().getRawAuthority());
        waitUntil(() -> app.context.log().entries().size() == 1);
        assertThat(app.context.log().entries().getFirst().exchange().response().status()).isEqualTo(200);

        assertThat(UiTestSupport.shown(robot.lookup("#lock-Private").query())).isTrue();
        robot.interact(() -> app.context.tunnels().refresh());
        app.screenshot(robot, "25-e2e-protected-tunnel-online");
        robot.doubleClickOn(".tunnel-name");
        assertThat(robot.lookup("#tunnel-protected-as").queryLabeled().getText()).isEqualTo("Protected as team");
        assertThat(robot.lookup("#tunnel-keep-host").queryAs(javafx.scene.control.CheckBox.class).isSelected()).isTrue();
        app.screenshot(robot, "26-e2e-edit-protected-tunnel");

        // a new password restarts the running tunnel, on the same URL
        URI before = item.publicUrlProperty().get();
        robot.clickOn("#tunnel-change-password");
        robot.clickOn("#tunnel-access-password").write("new sesame");
        robot.clickOn("#save-tunnel");
        waitUntil(() -> item.lightProperty().get() == dev.porthole.desktop.tunnel.StatusWords.Light.ONLINE
                && item.publicUrlProperty().get() != null, Duration.ofSeconds(30));
        assertThat(item.publicUrlProperty().get()).isEqualTo(before);
        dev.porthole.desktop.tunnel.ProtectionAssert.assertProtects(item.config().protection(), "team", "new sesame");
    }

    private static String basic(String userColonPassword) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(userColonPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void the_deploy_dialog_drives_the_deployer_to_success_and_explains_a_failure(FxRobot robot) {
        robot.clickOn("#nav-backends");
        robot.clickOn("#deploy-aws");
        robot.interact(() -> robot.lookup("#deploy-stack").queryTextInputControl().setText("porthole-e2e"));
        robot.interact(() -> robot.lookup("#deploy-domain").queryTextInputControl().setText("Hooks.Example.com"));
        assertThat(robot.lookup("#deploy-certificate-error").queryLabeled().getText()).contains("needs an ACM certificate");
        robot.interact(() -> robot.lookup("#deploy-certificate").queryTextInputControl()
                .setText("arn:aws:acm:eu-west-1:" + FakeAws.ACCOUNT + ":certificate/abc-123"));
        assertThat(robot.lookup("#deploy-certificate-error").queryLabeled().getText()).contains("is in eu-west-1");
        assertThat(robot.lookup("#deploy-start").queryButton().isDisabled()).isTrue();
        app.screenshot(robot, "27-e2e-deploy-custom-domain-error");
        robot.interact(() -> robot.lookup("#deploy-certificate").queryTextInputControl()
                .setText("arn:aws:acm:us-east-1:" + FakeAws.ACCOUNT + ":certificate/abc-123"));
        robot.clickOn("#deploy-start");
        waitUntil(() -> robot.lookup("#deploy-result").tryQuery().map(n -> n.isVisible()).orElse(false), Duration.ofSeconds(60));
        assertThat(robot.lookup("#deploy-result").queryLabeled().getText()).contains("Public URL: https://hooks.example.com/");
        assertThat(aws.cloudFormation.parameters("porthole-e2e")).containsEntry("DomainName", "hooks.example.com")
                .containsEntry("CertificateArn", "arn:aws:acm:us-east-1:" + FakeAws.ACCOUNT + ":certificate/abc-123");
        String target = robot.lookup("#deploy-cname-target").queryLabeled().getText();
        assertThat(target).startsWith("d-").endsWith(".execute-api.us-east-1.amazonaws.com");
        assertThat(app.context.backends().aws()).extracting(b -> b.stackName()).containsExactly("porthole-e2e");
        assertThat(app.context.backends().aws().getFirst().customDomainTarget()).isEqualTo(target);
        assertThat(app.context.backends().refs()).hasSize(2);
        assertThat(aws.cloudFormation.status("porthole-e2e")).contains("CREATE_COMPLETE");
        app.screenshot(robot, "22-e2e-deploy-done");
        robot.interact(() -> app.window.modals().close());
        app.screenshot(robot, "28-e2e-backends-custom-domain");

        // an update brings the code to the app's version and keeps the domain the stack was deployed with
        robot.clickOn("#update-porthole-e2e");
        assertThat(robot.lookup("#deploy-domain").queryTextInputControl().getText()).isEqualTo("hooks.example.com");
        robot.clickOn("#deploy-start");
        waitUntil(() -> robot.lookup("#deploy-result").tryQuery().map(n -> n.isVisible()).orElse(false), Duration.ofSeconds(60));
        assertThat(aws.cloudFormation.parameters("porthole-e2e")).containsEntry("DomainName", "hooks.example.com")
                .containsEntry("CertificateArn", "arn:aws:acm:us-east-1:" + FakeAws.ACCOUNT + ":certificate/abc-123");
        assertThat(app.context.backends().aws().getFirst().customDomainTarget()).isEqualTo(target);
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
