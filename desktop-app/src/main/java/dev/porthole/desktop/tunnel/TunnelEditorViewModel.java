package dev.porthole.desktop.tunnel;

import dev.porthole.desktop.backend.BackendRef;
import dev.porthole.desktop.platform.UiExecutor;
import dev.porthole.desktop.rules.RulesViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The add/edit tunnel form. Every field is validated as it is typed; the port is also probed, and a port nothing
 * listens on gets a warning (not an error: the person may start their server after the tunnel).
 *
 * <p>Password protection keeps only the user name and a digest ({@link Protection}): editing a protected tunnel
 * keeps the saved password unless the person asks to change it, and a new password is typed, turned into the digest
 * at {@link #save()} and forgotten.
 */
public final class TunnelEditorViewModel {
    /** Requested tunnel IDs, as the backend accepts them (docs/architecture.md). */
    static final Pattern TUNNEL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,38}[a-z0-9]");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+|\\[?[0-9A-Fa-f:]+]?");

    private final TunnelConfig original;
    private final PortProbe probe;
    private final UiExecutor ui;
    private final Consumer<TunnelConfig> onSave;
    private final ObservableList<BackendRef> backends;
    private final Supplier<List<TunnelConfig>> tunnels;
    private final RulesViewModel rules;

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty host = new SimpleStringProperty("localhost");
    private final StringProperty port = new SimpleStringProperty("");
    private final StringProperty reservedId = new SimpleStringProperty("");
    private final ObjectProperty<BackendRef> backend = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper portError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hostError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper reservedIdError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper backendError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper portWarning = new ReadOnlyStringWrapper("");
    private final BooleanProperty protect = new SimpleBooleanProperty();
    private final StringProperty accessUser = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper keepsSavedPassword = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper accessUserError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper passwordError = new ReadOnlyStringWrapper("");
    private final BooleanProperty keepPublicHost = new SimpleBooleanProperty();
    private final BooleanProperty catchWhileOffline = new SimpleBooleanProperty();
    /** A new tunnel starts as it is created: the person came for a URL, not for a row in a list. */
    private final BooleanProperty startNow = new SimpleBooleanProperty(true);
    /** A usable port is entered; separate from {@link #portError} so an untouched empty field is not yet an error. */
    private final ReadOnlyBooleanWrapper portReady = new ReadOnlyBooleanWrapper();
    /** The person has typed in the port field: from then on an empty one says what is missing. */
    private boolean portTouched;
    private final BooleanBinding valid;
    /** No rule form is left half-filled (a filled one is added on save). */
    private final BooleanBinding rulesReady;
    private int probeGeneration;

    /**
     * @param tunnels the person's tunnels as they are now (this one included when it is edited)
     * @param rules   the Rules section, showing {@code original}'s rules
     */
    TunnelEditorViewModel(TunnelConfig original, ObservableList<BackendRef> backends, PortProbe probe, UiExecutor ui,
                          Supplier<List<TunnelConfig>> tunnels, RulesViewModel rules, Consumer<TunnelConfig> onSave) {
        this.original = original;
        this.rules = rules;
        this.tunnels = tunnels;
        this.probe = probe;
        this.ui = ui;
        this.onSave = onSave;
        this.backends = backends;
        if (original != null) {
            name.set(original.name());
            host.set(original.localHost());
            port.set(Integer.toString(original.localPort()));
            reservedId.set(original.reservedId() == null ? "" : original.reservedId());
            backend.set(backends.stream().filter(b -> b.id().equals(original.backendId())).findFirst().orElse(null));
            keepPublicHost.set(original.keepPublicHost());
            catchWhileOffline.set(original.catchWhileOffline());
            if (original.protection() != null) {
                accessUser.set(original.protection().user() == null ? "" : original.protection().user());
                keepsSavedPassword.set(original.protection().intact());
                protect.set(true);
            }
        } else {
            backend.set(backends.isEmpty() ? null : backends.getFirst());
        }
        port.addListener(o -> {
            portTouched = true;
            validatePort();
        });
        host.addListener(o -> validatePort());
        reservedId.addListener(o -> validateReservedId());
        backend.addListener(o -> {
            validateBackend();
            validateReservedId();
        });
        protect.addListener((o, was, now) -> protectionSwitched(now));
        accessUser.addListener(o -> validateProtection());
        password.addListener(o -> validateProtection());
        keepsSavedPassword.addListener(o -> validateProtection());
        validatePort();
        validateReservedId();
        validateBackend();
        validateProtection();
        rulesReady = rules.readyBinding();
        valid = Bindings.createBooleanBinding(
                () -> portReady.get() && portError.get().isEmpty() && hostError.get().isEmpty() && reservedIdError.get().isEmpty()
                        && backendError.get().isEmpty() && accessUserError.get().isEmpty() && passwordError.get().isEmpty()
                        && rulesReady.get(),
                portReady, portError, hostError, reservedIdError, backendError, accessUserError, passwordError, rulesReady);
    }

    public boolean isNew() {
        return original == null;
    }

    private void validatePort() {
        portWarning.set("");
        // whatever was typed before: a probe still on its way for it must not show its answer now
        int mine = ++probeGeneration;
        String h = host.get() == null ? "" : host.get().strip();
        hostError.set(h.isEmpty() ? "Enter the host your server listens on, usually localhost."
                : HOST.matcher(h).matches() ? "" : "This is not a host name or an IP address.");
        Integer p = parsePort();
        if (p == null) {
            return;
        }
        if (!hostError.get().isEmpty()) {
            return;
        }
        probe.isListening(h, p).thenAccept(listening -> ui.execute(() -> {
            if (mine == probeGeneration && !listening) {
                portWarning.set("Nothing is listening on " + h + ":" + p + " yet. Start your server there; until then "
                        + "callers get a 502 that says so.");
            }
        }));
    }

    private Integer parsePort() {
        String text = port.get() == null ? "" : port.get().strip();
        portReady.set(false);
        if (text.isEmpty()) {
            // a new form opens empty: greeting the person with an error before they typed anything only alarms them
            portError.set(portTouched || original != null ? "Enter the local port your server listens on, for example 3000." : "");
            return null;
        }
        try {
            int p = Integer.parseInt(text);
            if (p < 1 || p > 65535) {
                portError.set("A port is a number from 1 to 65535.");
                return null;
            }
            portError.set("");
            portReady.set(true);
            return p;
        } catch (NumberFormatException e) {
            portError.set("A port is a number from 1 to 65535.");
            return null;
        }
    }

    private void validateReservedId() {
        String id = reservedId.get() == null ? "" : reservedId.get().strip();
        Optional<TunnelConfig> sameId = id.isEmpty() ? Optional.empty() : tunnels.get().stream()
                .filter(t -> original == null || !t.key().equals(original.key()))
                .filter(t -> backend.get() != null && t.backendId().equals(backend.get().id()))
                .filter(t -> id.equals(t.reservedId()) || id.equals(t.lastTunnelId()))
                .findFirst();
        if (sameId.isPresent()) {
            // two of the person's own tunnels on one ID would refuse each other, and the error would blame a stranger
            reservedIdError.set("Your tunnel “" + sameId.get().name() + "” already uses this ID on this backend. "
                    + "Choose another, or leave it empty for one of its own.");
        } else if (id.isEmpty() || TUNNEL_ID.matcher(id).matches()) {
            reservedIdError.set("");
        } else if (!id.equals(id.toLowerCase(java.util.Locale.ROOT))) {
            reservedIdError.set("Use lowercase letters: tunnel IDs are part of the URL.");
        } else if (id.length() < 3 || id.length() > 40) {
            reservedIdError.set("A tunnel ID has 3 to 40 characters.");
        } else {
            reservedIdError.set("Use letters, digits and dashes, not starting or ending with a dash.");
        }
    }

    /** Switched on again after a removal: the saved password is offered again, so nothing is retyped for nothing. */
    private void protectionSwitched(boolean on) {
        password.set("");
        if (on && savedProtection() != null) {
            accessUser.set(savedProtection().user());
            keepsSavedPassword.set(true);
        } else {
            keepsSavedPassword.set(false);
        }
        validateProtection();
    }

    /** The intact protection this tunnel had when the form opened, or null. */
    private Protection savedProtection() {
        return original != null && original.protection() != null && original.protection().intact() ? original.protection() : null;
    }

    private void validateProtection() {
        if (!protect.get() || keepsSavedPassword.get()) {
            accessUserError.set("");
            passwordError.set("");
            return;
        }
        String user = accessUser.get() == null ? "" : accessUser.get().strip();
        accessUserError.set(user.isEmpty() ? "Enter the user name callers log in with."
                : user.contains(":") ? "A user name cannot contain “:”: Basic authentication puts one between user and password."
                : "");
        String p = password.get() == null ? "" : password.get();
        passwordError.set(p.isEmpty() ? (original != null && original.protection() != null && savedProtection() == null
                ? "The saved password could not be read back. Enter it again." : "Enter the password callers log in with.")
                : "");
    }

    /** Editing a protected tunnel: type a new password (and, if wanted, a new user name). */
    public void changePassword() {
        if (protect.get()) {
            keepsSavedPassword.set(false);
        }
    }

    /** Back to the saved user and password after {@link #changePassword()}. */
    public void keepSavedPassword() {
        if (protect.get() && savedProtection() != null) {
            password.set("");
            accessUser.set(savedProtection().user());
            keepsSavedPassword.set(true);
        }
    }

    public void removeProtection() {
        protect.set(false);
    }

    /** Whether the form can go back to the saved password (it is editing a protected tunnel). */
    public boolean hasSavedPassword() {
        return savedProtection() != null;
    }

    private void validateBackend() {
        backendError.set(backend.get() == null ? "Choose where the tunnel runs." : "");
    }

    /** Saves the tunnel if the form is valid; returns whether it did. */
    public boolean save() {
        if (!valid.get() || !rules.apply()) {
            return false;
        }
        int p = Integer.parseInt(port.get().strip());
        String h = host.get().strip();
        String n = name.get() == null || name.get().isBlank() ? defaultName(h, p) : name.get().strip();
        String id = reservedId.get() == null || reservedId.get().isBlank() ? null : reservedId.get().strip();
        Protection protection = !protect.get() ? null
                : keepsSavedPassword.get() ? savedProtection() : Protection.of(accessUser.get().strip(), password.get());
        password.set(""); // only the digest outlives the form
        TunnelConfig saved = (original == null ? TunnelConfig.create(n, h, p, backend.get().id(), id)
                : original.edited(n, h, p, backend.get().id(), id))
                .withProtection(protection).withKeepPublicHost(keepPublicHost.get())
                .withCatchWhileOffline(catchWhileOffline.get())
                .withRules(rules.toSave());
        if (original == null) {
            saved = saved.withAutoStart(startNow.get());
        }
        onSave.accept(saved);
        return true;
    }

    static String defaultName(String host, int port) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) ? "Port " + port : host + ":" + port;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty reservedIdProperty() {
        return reservedId;
    }

    public ObjectProperty<BackendRef> backendProperty() {
        return backend;
    }

    public ObservableList<BackendRef> backends() {
        return backends;
    }

    public ReadOnlyStringProperty portErrorProperty() {
        return portError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hostErrorProperty() {
        return hostError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reservedIdErrorProperty() {
        return reservedIdError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty backendErrorProperty() {
        return backendError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty portWarningProperty() {
        return portWarning.getReadOnlyProperty();
    }

    /** Whether callers must log in; see {@link #keepsSavedPasswordProperty()} for which password. */
    public BooleanProperty protectProperty() {
        return protect;
    }

    public StringProperty accessUserProperty() {
        return accessUser;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** Protected with the password saved before: the form shows "protected as …" instead of the fields. */
    public ReadOnlyBooleanProperty keepsSavedPasswordProperty() {
        return keepsSavedPassword.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty accessUserErrorProperty() {
        return accessUserError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty passwordErrorProperty() {
        return passwordError.getReadOnlyProperty();
    }

    public BooleanProperty keepPublicHostProperty() {
        return keepPublicHost;
    }

    /** Only for a new tunnel: start it once created (an edited tunnel keeps running or stopped as it was). */
    public BooleanProperty startNowProperty() {
        return startNow;
    }

    public BooleanProperty catchWhileOfflineProperty() {
        return catchWhileOffline;
    }

    /** The Rules section. */
    public RulesViewModel rules() {
        return rules;
    }

    public BooleanBinding validBinding() {
        return valid;
    }
}
