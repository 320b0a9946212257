package dev.porthole.desktop.window;

import dev.porthole.desktop.AppContext;
import dev.porthole.desktop.backend.BackendsView;
import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.event.AppEvent.Page;
import dev.porthole.desktop.inspect.InspectorView;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.log.RequestLogView;
import dev.porthole.desktop.replay.ReplayEditorView;
import dev.porthole.desktop.replay.ReplayEditorViewModel;
import dev.porthole.desktop.settings.Settings;
import dev.porthole.desktop.settings.SettingsView;
import dev.porthole.desktop.settings.SettingsViewModel;
import dev.porthole.desktop.tunnel.TunnelListView;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The main window's content: sidebar navigation, the current page, modals and toasts on top. */
public final class MainWindow extends StackPane {
    private final AppContext ctx;
    private final ThemeManager themes;
    private final Modals modals = new Modals();
    private final Toasts toasts = new Toasts();
    private final StackPane pageHolder = new StackPane();
    private final Map<Page, Node> pages = new EnumMap<>(Page.class);
    private final Map<Page, ToggleButton> navButtons = new EnumMap<>(Page.class);
    private final ToggleGroup nav = new ToggleGroup();
    private final TunnelListView tunnelsView;
    private final RequestLogView logView;
    private final InspectorView inspectorView;
    private Page current;
    private final javafx.beans.property.BooleanProperty sidebarCollapsed = new javafx.beans.property.SimpleBooleanProperty();

    public MainWindow(AppContext ctx, ThemeManager themes) {
        this.ctx = ctx;
        this.themes = themes;
        setId("main-window");
        sidebarCollapsed.set(ctx.settings().get().sidebarCollapsed());

        tunnelsView = new TunnelListView(ctx.tunnels(), modals, ctx.bus(), ctx.files());
        inspectorView = new InspectorView(ctx.inspector(), this::editAndReplay,
                () -> exportSelected());
        logView = new RequestLogView(ctx.log(), inspectorView, ctx.tunnels().tunnels(),
                java.time.ZoneId.systemDefault(), new RequestLogView.Actions() {
            @Override
            public void exportHar(List<LogEntry> entries, String what) {
                ctx.exportHar(entries, what);
            }

            @Override
            public void importHar() {
                ctx.importHar();
            }

            @Override
            public void editAndReplay() {
                MainWindow.this.editAndReplay();
            }
        });
        SettingsViewModel settingsModel = new SettingsViewModel(ctx.settings(), ctx.log(), ctx.bus(), ctx.configDir(),
                theme -> ctx.bus().publish(new AppEvent.ThemeChanged(themes.apply(theme))));
        pages.put(Page.TUNNELS, tunnelsView);
        pages.put(Page.REQUESTS, logView);
        pages.put(Page.BACKENDS, new BackendsView(ctx.backends(), modals));
        pages.put(Page.SETTINGS, new SettingsView(settingsModel));

        BorderPane layout = new BorderPane();
        layout.setLeft(sidebar());
        layout.setCenter(pageHolder);
        // a page never makes the window's content wider than the window (which would cut the sidebar off)
        pageHolder.setMinWidth(0);
        getChildren().addAll(layout, toasts.layer(), modals.pane());

        ctx.bus().subscribe(AppEvent.ShowPage.class, e -> show(e.page()));
        ctx.bus().subscribe(AppEvent.ShowRequests.class, e -> {
            ctx.log().resetFilters();
            ctx.log().tunnelKeyProperty().set(e.tunnelKey());
            show(Page.REQUESTS);
        });
        ctx.bus().subscribe(AppEvent.Inspect.class, e -> ctx.log().find(e.entryId()).ifPresent(entry -> {
            if (!ctx.log().currentFilter().test(entry)) {
                ctx.log().resetFilters();
            }
            ctx.log().selectedProperty().set(entry);
            show(Page.REQUESTS);
        }));
        ctx.bus().subscribe(AppEvent.Notify.class, toasts::show);
        show(Page.TUNNELS);
    }

    /**
     * Brand, pages, and what is in the log. Collapsed (Ctrl+B, or its button), it keeps only the icons, with their
     * names as tooltips: more room for the page in a small window. The choice is kept in the settings.
     */
    private VBox sidebar() {
        Label mark = new Label(null, Icons.icon(Feather.APERTURE));
        mark.getStyleClass().add("brand-mark");
        Label name = new Label("Porthole");
        name.getStyleClass().add("brand-name");
        Label tagline = new Label("See every request");
        tagline.getStyleClass().add("brand-tagline");
        VBox names = new VBox(0, name, tagline);
        HBox brand = new HBox(mark, names);
        brand.getStyleClass().add("brand");

        ToggleButton tunnels = navItem(Page.TUNNELS, "Tunnels", Feather.SHUFFLE);
        Label online = new Label();
        online.getStyleClass().add("nav-badge");
        online.setId("online-badge");
        online.textProperty().bind(ctx.tunnels().onlineCountProperty().asString());
        StackPane tunnelsRow = new StackPane(tunnels, online);
        StackPane.setAlignment(online, javafx.geometry.Pos.CENTER_RIGHT);
        StackPane.setMargin(online, new javafx.geometry.Insets(0, 10, 0, 0));
        VBox box = new VBox(brand, tunnelsRow,
                navItem(Page.REQUESTS, "Requests", Feather.ACTIVITY),
                navItem(Page.BACKENDS, "Backends", Feather.SERVER),
                navItem(Page.SETTINGS, "Settings", Feather.SETTINGS));
        online.setMouseTransparent(true);

        VBox spacer = new VBox();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        Label requests = new Label();
        requests.getStyleClass().add("footer-text");
        requests.textProperty().bind(Bindings.createStringBinding(
                () -> { int n = ctx.log().totalCountProperty().get(); return String.format("%,d %s in the log", n, n == 1 ? "request" : "requests"); }, ctx.log().totalCountProperty()));
        Label version = new Label("Porthole " + AppContext.VERSION);
        version.getStyleClass().add("footer-text");
        VBox footer = new VBox(requests, version);
        footer.getStyleClass().add("sidebar-footer");
        javafx.scene.control.Button collapse = Icons.iconButton(Feather.CHEVRONS_LEFT, "Collapse the sidebar (Ctrl+B)");
        collapse.setId("sidebar-toggle");
        collapse.setOnAction(e -> sidebarCollapsed.set(!sidebarCollapsed.get()));
        HBox toggleRow = new HBox(collapse);
        toggleRow.getStyleClass().add("sidebar-toggle-row");
        box.getChildren().addAll(spacer, footer, toggleRow);
        box.getStyleClass().add("sidebar");
        box.setId("sidebar");

        Runnable apply = () -> {
            boolean collapsed = sidebarCollapsed.get();
            box.pseudoClassStateChanged(COLLAPSED, collapsed);
            names.setVisible(!collapsed);
            names.setManaged(!collapsed);
            footer.setVisible(!collapsed);
            footer.setManaged(!collapsed);
            online.setVisible(!collapsed && ctx.tunnels().onlineCountProperty().get() > 0);
            navButtons.values().forEach(b -> b.setContentDisplay(collapsed ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY
                    : javafx.scene.control.ContentDisplay.LEFT));
            collapse.setGraphic(Icons.icon(collapsed ? Feather.CHEVRONS_RIGHT : Feather.CHEVRONS_LEFT));
            String tip = collapsed ? "Expand the sidebar (Ctrl+B)" : "Collapse the sidebar (Ctrl+B)";
            collapse.getTooltip().setText(tip);
            collapse.setAccessibleText(tip);
        };
        ctx.tunnels().onlineCountProperty().addListener(o -> apply.run());
        sidebarCollapsed.addListener((o, was, now) -> {
            apply.run();
            if (now != ctx.settings().get().sidebarCollapsed()) {
                ctx.settings().update(st -> st.withSidebarCollapsed(now));
            }
        });
        apply.run();
        return box;
    }

    private static final javafx.css.PseudoClass COLLAPSED = javafx.css.PseudoClass.getPseudoClass("collapsed");

    private ToggleButton navItem(Page page, String text, Ikon icon) {
        ToggleButton b = new ToggleButton(text, Icons.icon(icon));
        b.setTooltip(new javafx.scene.control.Tooltip(text + " (Ctrl+" + (page.ordinal() + 1) + ")"));
        b.getStyleClass().setAll("nav-item");
        b.setId("nav-" + page.name().toLowerCase(java.util.Locale.ROOT));
        b.setToggleGroup(nav);
        b.setMaxWidth(Double.MAX_VALUE);
        b.setOnAction(e -> show(page));
        navButtons.put(page, b);
        return b;
    }

    public void show(Page page) {
        current = page;
        pageHolder.getChildren().setAll(pages.get(page));
        navButtons.get(page).setSelected(true);
    }

    public Page currentPage() {
        return current;
    }

    /** Opens Edit and replay on the selected request. */
    public void editAndReplay() {
        ReplayEditorViewModel editor = ctx.inspector().editor();
        if (editor != null) {
            modals.show(new ReplayEditorView(editor, modals::close), 680);
        }
    }

    private void exportSelected() {
        List<LogEntry> selected = List.copyOf(logView.table().getSelectionModel().getSelectedItems());
        ctx.exportHar(selected, "selected");
    }

    /** Keyboard shortcuts for the frequent actions. */
    public void installShortcuts(Scene scene) {
        var acc = scene.getAccelerators();
        acc.put(shortcut(KeyCode.DIGIT1), () -> show(Page.TUNNELS));
        acc.put(shortcut(KeyCode.DIGIT2), () -> {
            show(Page.REQUESTS);
            logView.focusTable();
        });
        acc.put(shortcut(KeyCode.B), () -> sidebarCollapsed.set(!sidebarCollapsed.get()));
        acc.put(shortcut(KeyCode.DIGIT3), () -> show(Page.BACKENDS));
        acc.put(shortcut(KeyCode.DIGIT4), () -> show(Page.SETTINGS));
        acc.put(shortcut(KeyCode.N), () -> {
            show(Page.TUNNELS);
            tunnelsView.newTunnel();
        });
        acc.put(shortcut(KeyCode.F), () -> {
            show(Page.REQUESTS);
            logView.focusFilter();
        });
        acc.put(shortcut(KeyCode.P), () -> ctx.log().pausedProperty().set(!ctx.log().pausedProperty().get()));
        acc.put(shortcut(KeyCode.R), () -> whenRequests(() -> ctx.inspector().replayAsIs()));
        acc.put(shortcut(KeyCode.E), () -> whenRequests(this::editAndReplay));
        acc.put(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> whenRequests(() -> ctx.inspector().copyAsCurl()));
        acc.put(shortcut(KeyCode.S), () -> whenRequests(this::exportSelected));
        acc.put(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), () -> {
            Settings.Theme next = themes.isDark() ? Settings.Theme.LIGHT : Settings.Theme.DARK;
            ctx.settings().update(s -> s.withTheme(next));
            themes.apply(next);
        });
    }

    private void whenRequests(Runnable action) {
        if (current == Page.REQUESTS && !modals.isShowing()) {
            action.run();
        }
    }

    private static KeyCombination shortcut(KeyCode code) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN);
    }

    /** Whether the sidebar shows only its icons. */
    public javafx.beans.property.BooleanProperty sidebarCollapsedProperty() {
        return sidebarCollapsed;
    }

    public Modals modals() {
        return modals;
    }

    public RequestLogView logView() {
        return logView;
    }

    public InspectorView inspectorView() {
        return inspectorView;
    }

    public TunnelListView tunnelsView() {
        return tunnelsView;
    }
}
