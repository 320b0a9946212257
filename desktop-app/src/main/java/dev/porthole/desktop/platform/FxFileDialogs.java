package dev.porthole.desktop.platform;

import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link FileDialogs} with the platform's file chooser. */
public final class FxFileDialogs implements FileDialogs {
    private final Supplier<Window> owner;
    private File lastFolder = new File(System.getProperty("user.home"));

    public FxFileDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Path> saveHar(String suggestedName) {
        FileChooser chooser = chooser("Export as HAR");
        chooser.setInitialFileName(suggestedName);
        return remember(chooser.showSaveDialog(owner.get()));
    }

    @Override
    public Optional<Path> openHar() {
        return remember(chooser("Import a HAR file").showOpenDialog(owner.get()));
    }

    @Override
    public Optional<Path> saveBody(String suggestedName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save body");
        chooser.setInitialFileName(suggestedName);
        if (lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        return remember(chooser.showSaveDialog(owner.get()));
    }

    @Override
    public Optional<Path> openBody() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Replace the body with a file");
        if (lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        return remember(chooser.showOpenDialog(owner.get()));
    }

    @Override
    public Optional<Path> openPolicy() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import a policy file");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Policy files", "*.yaml", "*.yml"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (lastFolder != null) {
            chooser.setInitialDirectory(lastFolder);
        }
        return remember(chooser.showOpenDialog(owner.get()));
    }

    private FileChooser chooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("HAR files", "*.har", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        return chooser;
    }

    private Optional<Path> remember(File file) {
        if (file == null) {
            return Optional.empty();
        }
        lastFolder = file.getParentFile();
        return Optional.of(file.toPath());
    }
}
