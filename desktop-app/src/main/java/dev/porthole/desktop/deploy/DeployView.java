package dev.porthole.desktop.deploy;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.List;

/** Deploy / update / remove an AWS backend: the form, live progress, the result. */
public final class DeployView extends VBox {

    /** @param copy puts a text on the clipboard (and says so) */
    public DeployView(DeployViewModel model, Runnable close, java.util.function.Consumer<String> copy) {
        getStyleClass().add("dialog-card");
        setId("deploy-dialog");
        DeployViewModel.Mode mode = model.mode();
        Label title = new Label(switch (mode) {
            case DEPLOY -> "Deploy a backend to AWS";
            case UPDATE -> "Update " + model.existing().stackName();
            case REMOVE -> "Remove " + model.existing().stackName();
        });
        title.getStyleClass().add("dialog-title");
        Label intro = new Label(switch (mode) {
            case DEPLOY -> "Creates a CloudFormation stack in your account: API Gateway (WebSocket and HTTP), one Lambda "
                    + "function and a DynamoDB table. Pay-per-use; nothing runs while idle.";
            case UPDATE -> "Brings the stack to this app's version (" + model.appTemplateVersion() + "). Tunnels reconnect by themselves.";
            case REMOVE -> "Deletes the stack and everything in it. Tunnels on this backend stop working; their URLs are gone for good.";
        });
        intro.getStyleClass().add("dialog-text");
        intro.setWrapText(true);

        ComboBox<AwsCredentials> profile = new ComboBox<>(model.credentials());
        profile.setId("deploy-profile");
        profile.valueProperty().bindBidirectional(model.profileProperty());
        profile.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(profile, javafx.scene.layout.Priority.ALWAYS);
        Button refresh = dev.porthole.desktop.window.Icons.iconButton(org.kordamp.ikonli.feather.Feather.REFRESH_CW,
                "Look for AWS credentials again (after “aws configure” or “aws sso login”)");
        refresh.setId("deploy-refresh");
        refresh.setOnAction(e -> model.refresh());
        HBox profileRow = new HBox(6, profile, refresh);
        profileRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        ComboBox<String> region = new ComboBox<>(model.regions());
        region.setId("deploy-region");
        region.setEditable(true);
        region.valueProperty().bindBidirectional(model.regionProperty());
        region.setMaxWidth(Double.MAX_VALUE);
        TextField stack = new TextField();
        stack.setId("deploy-stack");
        stack.textProperty().bindBidirectional(model.stackNameProperty());
        boolean editable = mode == DeployViewModel.Mode.DEPLOY;
        profile.setDisable(!editable);
        region.setDisable(!editable);
        stack.setDisable(!editable);
        profile.disableProperty().bind(model.runningProperty().or(model.finishedProperty()).or(Bindings.createBooleanBinding(() -> !editable)));
        refresh.disableProperty().bind(profile.disableProperty());
        region.disableProperty().bind(profile.disableProperty());
        stack.disableProperty().bind(profile.disableProperty());

        TextField domain = new TextField();
        domain.setId("deploy-domain");
        domain.setPromptText("optional, e.g. tunnel.example.com");
        domain.textProperty().bindBidirectional(model.domainNameProperty());
        domain.disableProperty().bind(profile.disableProperty());
        TextField certificate = new TextField();
        certificate.setId("deploy-certificate");
        certificate.setPromptText("arn:aws:acm:…:certificate/…");
        certificate.textProperty().bindBidirectional(model.certificateArnProperty());
        certificate.disableProperty().bind(profile.disableProperty());

        GridPane form = new GridPane(12, 8);
        form.addRow(0, label("Credentials"), profileRow);
        form.addRow(1, label("Region"), region);
        form.addRow(2, label("Stack name"), withMessages(stack, error(model.stackNameErrorProperty(), "deploy-stack-error")));
        if (mode == DeployViewModel.Mode.DEPLOY) {
            Label domainHint = new Label("Optional: your own name for the public URLs, with an ACM certificate for it in the "
                    + "same Region. When the deployment ends, point a CNAME record at the name it shows.");
            domainHint.getStyleClass().add("form-hint");
            domainHint.setWrapText(true);
            domainHint.visibleProperty().bind(profile.disableProperty().not());
            domainHint.managedProperty().bind(domainHint.visibleProperty());
            form.addRow(3, label("Custom domain"), withMessages(domain, error(model.domainNameErrorProperty(), "deploy-domain-error")));
            form.addRow(4, label("Certificate"), withMessages(certificate,
                    error(model.certificateArnErrorProperty(), "deploy-certificate-error"), domainHint));
        } else if (mode == DeployViewModel.Mode.UPDATE && model.existing().domainName() != null) {
            form.addRow(3, label("Custom domain"), domain);
        }
        form.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(110),
                new javafx.scene.layout.ColumnConstraints(200, 380, Double.MAX_VALUE));
        Label noProfiles = new Label("No AWS credentials found on this computer. Install the AWS CLI and run “aws configure” "
                + "(or “aws configure sso”), or start Porthole with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set; then Refresh.");
        noProfiles.setId("deploy-no-credentials");
        noProfiles.getStyleClass().add("form-warning");
        noProfiles.setWrapText(true);
        noProfiles.visibleProperty().bind(Bindings.isEmpty(model.credentials()));
        noProfiles.managedProperty().bind(noProfiles.visibleProperty());
        javafx.scene.control.Hyperlink permissions = new javafx.scene.control.Hyperlink("What permissions does this need?");
        permissions.setId("deploy-permissions");
        permissions.setOnAction(e -> model.showPermissions());
        Label permissionsHint = new Label("CloudFormation, IAM roles, Lambda, API Gateway, DynamoDB, CloudWatch Logs and S3.");
        permissionsHint.getStyleClass().add("form-hint");
        permissionsHint.setWrapText(true);
        VBox permissionsBox = new VBox(0, permissions, permissionsHint);
        permissionsBox.setVisible(mode == DeployViewModel.Mode.DEPLOY);
        permissionsBox.setManaged(mode == DeployViewModel.Mode.DEPLOY);

        ProgressBar bar = new ProgressBar();
        bar.setId("deploy-progress");
        bar.progressProperty().bind(model.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        // a failed run ends: no bar standing still as if it were still at work
        bar.visibleProperty().bind(model.failedProperty().not());
        bar.managedProperty().bind(bar.visibleProperty());
        Label step = new Label();
        step.setId("deploy-step");
        step.textProperty().bind(model.stepProperty());
        step.getStyleClass().add("form-hint");
        step.setWrapText(true);
        step.visibleProperty().bind(model.failedProperty().not());
        step.managedProperty().bind(step.visibleProperty());
        VBox progress = new VBox(6, bar, step, events(model));
        progress.visibleProperty().bind(model.runningProperty().or(model.finishedProperty()).or(Bindings.isNotEmpty(model.events())));
        progress.managedProperty().bind(progress.visibleProperty());

        Label error = new Label();
        error.setId("deploy-error");
        error.getStyleClass().addAll("notice", "danger");
        error.setWrapText(true);
        error.textProperty().bind(Bindings.createStringBinding(() -> model.errorProperty().get()
                + (model.nextStepProperty().get().isEmpty() ? "" : "\n" + model.nextStepProperty().get()),
                model.errorProperty(), model.nextStepProperty()));
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        error.setMaxWidth(Double.MAX_VALUE);

        Label result = new Label();
        result.setId("deploy-result");
        result.getStyleClass().addAll("notice", "info");
        result.setWrapText(true);
        result.setMaxWidth(Double.MAX_VALUE);
        result.textProperty().bind(Bindings.createStringBinding(() -> model.resultProperty().get() == null ? ""
                : "Public URL: " + model.resultProperty().get().publicUrl() + "\nWebSocket URL: "
                + model.resultProperty().get().websocketUrl(), model.resultProperty()));
        result.visibleProperty().bind(model.resultProperty().isNotNull());
        result.managedProperty().bind(result.visibleProperty());
        VBox dns = dnsStep(model, copy);

        Button cancel = new Button("Close");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close.run());
        cancel.disableProperty().bind(model.runningProperty());
        Button go = new Button(switch (mode) {
            case DEPLOY -> "Deploy";
            case UPDATE -> "Update";
            case REMOVE -> "Remove for good";
        });
        go.setId("deploy-start");
        go.getStyleClass().add(mode == DeployViewModel.Mode.REMOVE ? Styles.DANGER : Styles.ACCENT);
        go.disableProperty().bind(model.canStartBinding().not());
        go.setOnAction(e -> model.start());
        go.visibleProperty().bind(model.finishedProperty().not());
        go.managedProperty().bind(go.visibleProperty());
        HBox buttons = new HBox(cancel, go);
        buttons.getStyleClass().add("dialog-buttons");

        getChildren().addAll(title, intro, form, noProfiles, permissionsBox, progress, error, result, dns, buttons);
    }

    /** With a custom domain, the one thing left for the person to do: the DNS record, with its target to copy. */
    private static VBox dnsStep(DeployViewModel model, java.util.function.Consumer<String> copy) {
        Label what = new Label();
        what.setWrapText(true);
        Label target = new Label();
        target.setId("deploy-cname-target");
        target.getStyleClass().add("url-label");
        Button copyTarget = dev.porthole.desktop.window.Icons.iconButton(org.kordamp.ikonli.feather.Feather.COPY, "Copy the CNAME target");
        copyTarget.getStyleClass().add(Styles.SMALL);
        copyTarget.setOnAction(e -> copy.accept(target.getText()));
        HBox targetRow = new HBox(6, target, copyTarget);
        targetRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox box = new VBox(4, what, targetRow);
        box.setId("deploy-dns");
        box.getStyleClass().addAll("notice", "info", "dns-step");
        model.resultProperty().addListener((o, was, b) -> {
            boolean show = b != null && b.domainName() != null;
            box.setVisible(show);
            box.setManaged(show);
            if (show) {
                what.setText(b.customDomainTarget() != null
                        ? "Last step: point a CNAME record for " + b.domainName() + " at this name in your DNS:"
                        : "Last step: point a CNAME record for " + b.domainName() + " at the stack's CustomDomainTarget output "
                        + "(CloudFormation console, stack " + b.stackName() + ", Outputs).");
                target.setText(b.customDomainTarget() == null ? "" : b.customDomainTarget());
                targetRow.setVisible(b.customDomainTarget() != null);
                targetRow.setManaged(b.customDomainTarget() != null);
            }
        });
        box.setVisible(false);
        box.setManaged(false);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private static Label error(javafx.beans.property.ReadOnlyStringProperty text, String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("form-error");
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.visibleProperty().bind(text.isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static TableView<DeployProgress> events(DeployViewModel model) {
        TableView<DeployProgress> table = new TableView<>(model.events());
        table.setId("deploy-events");
        table.getStyleClass().addAll("deploy-log", Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setPrefHeight(180);
        TableColumn<DeployProgress, String> resource = new TableColumn<>("Resource");
        resource.setCellValueFactory(f -> new ReadOnlyStringWrapper(f.getValue().resource()));
        resource.setPrefWidth(160);
        TableColumn<DeployProgress, String> status = new TableColumn<>("Status");
        status.setCellValueFactory(f -> new ReadOnlyStringWrapper(f.getValue().status()));
        status.setPrefWidth(170);
        TableColumn<DeployProgress, String> reason = new TableColumn<>("Detail");
        reason.setCellValueFactory(f -> new ReadOnlyStringWrapper(f.getValue().reason() == null ? "" : f.getValue().reason()));
        table.getColumns().setAll(List.of(resource, status, reason));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Waiting for the first stack event…"));
        model.events().addListener((javafx.collections.ListChangeListener<DeployProgress>) c -> table.scrollTo(model.events().size() - 1));
        return table;
    }

    /** A field with its error (and hint) under it, in one grid cell, so a hidden message leaves no gap. */
    private static VBox withMessages(javafx.scene.Node field, javafx.scene.Node... messages) {
        VBox cell = new VBox(4, field);
        cell.getChildren().addAll(messages);
        return cell;
    }

    /** Lined up with the first line of its cell (the field), also when a message under the field makes the row taller. */
    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("form-label");
        l.setMinHeight(32);
        GridPane.setValignment(l, javafx.geometry.VPos.TOP);
        return l;
    }
}
