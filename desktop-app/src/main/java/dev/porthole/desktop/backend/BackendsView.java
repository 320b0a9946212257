package dev.porthole.desktop.backend;

import atlantafx.base.controls.Spacer;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.porthole.desktop.deploy.DeployView;
import dev.porthole.desktop.deploy.DeployViewModel;
import dev.porthole.desktop.window.Icons;
import dev.porthole.desktop.window.Modals;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.net.URI;

/** The Backends page. */
public final class BackendsView extends ScrollPane {
    private final BackendsViewModel model;
    private final Modals modals;
    private final VBox localCard = new VBox();
    private final VBox awsList = new VBox(12);

    public BackendsView(BackendsViewModel model, Modals modals) {
        this.model = model;
        this.modals = modals;
        setId("backends-page");
        setFitToWidth(true);
        getStyleClass().add("edge-to-edge");

        Label title = new Label("Backends");
        title.getStyleClass().add("page-title");
        Label subtitle = new Label("Where tunnels run: this computer, or your own AWS account");
        subtitle.getStyleClass().add("page-subtitle");
        Button deploy = Icons.button("Deploy to AWS", Feather.UPLOAD_CLOUD, Styles.ACCENT);
        deploy.setId("deploy-aws");
        deploy.setOnAction(e -> openDeploy(model.deploy()));
        HBox header = new HBox(new VBox(2, title, subtitle), new Spacer(), deploy);
        header.getStyleClass().add("page-header");

        localCard.getStyleClass().add("backend-card");
        localCard.setId("local-backend-card");
        model.localStateProperty().addListener(o -> paintLocal());
        paintLocal();

        Label awsTitle = new Label("AWS backends");
        awsTitle.getStyleClass().add("section-title");
        model.aws().addListener((ListChangeListener<AwsBackend>) c -> paintAws());
        model.health().addListener((MapChangeListener<String, String>) c -> paintAws());
        paintAws();

        VBox page = new VBox(header, localCard, awsTitle, awsList);
        page.getStyleClass().add("page");
        setContent(page);
    }

    private void paintLocal() {
        LocalBackendService.State state = model.localStateProperty().get();
        Label name = new Label("This computer");
        name.getStyleClass().add("backend-title");
        Region light = new Region();
        Label status = new Label();
        status.getStyleClass().add("tunnel-status");
        Node action = null;
        switch (state) {
            case LocalBackendService.State.NotStarted n -> {
                light.getStyleClass().setAll("status-light");
                status.setText("Not started: it starts with the first tunnel that uses it.");
                Button start = Icons.button("Start now", Feather.PLAY);
                start.setId("start-local");
                start.setOnAction(e -> model.startLocal());
                action = start;
            }
            case LocalBackendService.State.Starting s -> {
                light.getStyleClass().setAll("status-light", "starting");
                status.setText("Starting…");
            }
            case LocalBackendService.State.Running r -> {
                light.getStyleClass().setAll("status-light", "online");
                status.setText(r.lan() ? "Running, reachable from your network" : "Running, reachable from this computer only");
                status.getStyleClass().add("online");
            }
            case LocalBackendService.State.Failed f -> {
                light.getStyleClass().setAll("status-light", "failed");
                status.setText(f.message());
                status.getStyleClass().add("failed");
                status.setWrapText(true);
                Button retry = Icons.button("Try again", Feather.REFRESH_CW);
                retry.setOnAction(e -> model.startLocal());
                action = retry;
            }
        }
        HBox top = new HBox(10, light, new VBox(2, name, status), new Spacer());
        top.setAlignment(Pos.CENTER_LEFT);
        if (action != null) {
            top.getChildren().add(action);
        }
        Label explain = new Label("Needs no account. Public URLs work on this computer (and on your network when you allow it) — "
                + "ideal for trying Porthole and for local webhook tools. Deploy to AWS for a URL the internet can reach.");
        explain.getStyleClass().add("form-hint");
        explain.setWrapText(true);

        ToggleSwitch lan = new ToggleSwitch("Allow other devices on my network");
        lan.setId("lan-access");
        lan.selectedProperty().bindBidirectional(model.lanAccessProperty());
        Label lanHint = new Label("Listens on all network interfaces and shows URLs with this computer's network address. "
                + "Anyone on the network can then reach your tunnels.");
        lanHint.getStyleClass().add("form-hint");
        lanHint.setWrapText(true);

        localCard.getChildren().setAll(top, explain);
        if (state instanceof LocalBackendService.State.Running r) {
            GridPane urls = new GridPane(12, 6);
            addUrl(urls, 0, "Public URL", r.publicUrl());
            addUrl(urls, 1, "WebSocket URL", r.websocketUrl());
            addUrl(urls, 2, "Health", r.healthUrl());
            localCard.getChildren().add(urls);
        }
        localCard.getChildren().addAll(lan, lanHint);
    }

    private void addUrl(GridPane grid, int row, String label, URI uri) {
        if (uri != null) {
            addCopyable(grid, row, label, uri.toString());
        }
    }

    private void addCopyable(GridPane grid, int row, String label, String text) {
        Label l = new Label(label);
        l.getStyleClass().add("form-label");
        Label value = new Label(text);
        value.getStyleClass().add("url-label");
        Button copy = Icons.iconButton(Feather.COPY, "Copy " + label);
        copy.getStyleClass().add(Styles.SMALL);
        copy.setOnAction(e -> model.copy(text));
        grid.addRow(row, l, value, copy);
    }

    private void paintAws() {
        awsList.getChildren().clear();
        if (model.aws().isEmpty()) {
            Label none = new Label("None yet. “Deploy to AWS” creates one in your account in a few minutes: an API Gateway, "
                    + "one Lambda function and a DynamoDB table, all on pay-per-use pricing (free when idle).");
            none.getStyleClass().add("form-hint");
            none.setWrapText(true);
            VBox box = new VBox(none);
            box.getStyleClass().add("backend-card");
            awsList.getChildren().add(box);
            return;
        }
        for (AwsBackend b : model.aws()) {
            awsList.getChildren().add(awsCard(b));
        }
    }

    private Node awsCard(AwsBackend b) {
        Label name = new Label(b.stackName());
        name.getStyleClass().add("backend-title");
        Label where = new Label(b.region() + " · " + (b.profile() == null ? "environment credentials" : "profile " + b.profile()) + " · template " + b.templateVersion());
        where.getStyleClass().add("tunnel-meta");
        Button health = Icons.button("Check health", Feather.HEART);
        health.setOnAction(e -> model.checkHealth(b));
        Button update = Icons.button("Update", Feather.REFRESH_CW);
        update.setId("update-" + b.stackName());
        update.setOnAction(e -> openDeploy(model.update(b)));
        if (model.outdated(b)) {
            update.getStyleClass().add(Styles.ACCENT);
            update.setText("Update to " + model.appTemplateVersion());
        }
        Button remove = Icons.button("Remove", Feather.TRASH_2, Styles.DANGER);
        remove.setOnAction(e -> openDeploy(model.remove(b)));
        HBox top = new HBox(10, new VBox(2, name, where), new Spacer(), health, update, remove);
        top.setAlignment(Pos.CENTER_LEFT);
        GridPane urls = new GridPane(12, 6);
        addUrl(urls, 0, "Public URL", b.publicUrl());
        addUrl(urls, 1, "WebSocket URL", b.websocketUrl());
        if (b.customDomainTarget() != null) {
            addCopyable(urls, 2, "CNAME target", b.customDomainTarget());
        }
        VBox card = new VBox(top, urls);
        if (b.domainName() != null) {
            Label dns = new Label("Point a CNAME record for " + b.domainName() + " at "
                    + (b.customDomainTarget() == null ? "the stack's CustomDomainTarget output" : "the CNAME target")
                    + "; the public URLs work once DNS has it.");
            dns.getStyleClass().add("form-hint");
            dns.setWrapText(true);
            card.getChildren().add(dns);
        }
        card.getStyleClass().add("backend-card");
        String h = model.health().get(b.id());
        if (h != null) {
            Label status = new Label(h);
            status.getStyleClass().add(h.startsWith("Healthy") ? Styles.SUCCESS : h.startsWith("Not") ? Styles.DANGER : Styles.TEXT_MUTED);
            status.setWrapText(true);
            card.getChildren().add(status);
        }
        HBox.setHgrow(card, Priority.ALWAYS);
        return card;
    }

    private void openDeploy(DeployViewModel vm) {
        modals.show(new DeployView(vm, modals::close, model::copy), 620);
    }
}
