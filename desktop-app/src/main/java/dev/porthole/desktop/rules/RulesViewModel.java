package dev.porthole.desktop.rules;

import dev.porthole.agent.policy.PolicyFile;
import dev.porthole.agent.policy.PolicyFileException;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.policy.InvalidPolicyException;
import dev.porthole.policy.Rule;
import dev.porthole.policy.TrafficPolicy;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Rules section of the tunnel dialog: the tunnel's rules in order (add, edit, remove, move), one {@link RuleForm}
 * open at a time, a policy file imported in place of them, and the {@link LiveCheck} run again at every change. The
 * list only ever holds rules the library built, and {@link #policy()} is always a policy the backend accepts.
 */
public final class RulesViewModel {
    private final TrafficPolicy original;
    private final TunnelRules saved;
    /** The person (or a script) changed the list: only then do unreadable saved rules give way to these. */
    private boolean touched;
    private final boolean tunnelRunning;
    private final Function<String, String> environment;
    private final ObservableList<Rule> rules = FXCollections.observableArrayList();
    private final ObservableList<Rule> rulesView = FXCollections.unmodifiableObservableList(rules);
    private final ReadOnlyObjectWrapper<RuleForm> form = new ReadOnlyObjectWrapper<>();
    /** Where the open form's rule goes: its index, or -1 for a new rule at the end. */
    private int formIndex = -1;
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper importMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper savedProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper changed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper selected = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(true);
    private final LiveCheck check;

    /**
     * @param saved         the tunnel's rules as saved
     * @param tunnelRunning whether saving will restart the tunnel (the form says so when the rules changed)
     * @param captured      the tunnel's captured requests, newest first, for the live check
     * @param tunnelId      the tunnel's ID at the backend, or null when it has none yet
     * @param environment   where a policy file's {@code secret: {env: NAME}} comes from
     */
    public RulesViewModel(TunnelRules saved, boolean tunnelRunning, List<LogEntry> captured, String tunnelId, Clock clock,
                          Function<String, String> environment) {
        this.original = saved.policy();
        this.saved = saved;
        this.tunnelRunning = tunnelRunning;
        this.environment = environment;
        rules.setAll(saved.policy().rules());
        saved.problem().ifPresent(p -> savedProblem.set("The rules saved for this tunnel could not be read (" + p
                + "), so it does not start. Add them again here; saving replaces what was saved."));
        this.check = new LiveCheck(this::checkedPolicy, captured, tunnelId == null ? "tunnel" : tunnelId, clock);
        rules.addListener((javafx.collections.ListChangeListener<Rule>) c -> {
            touched = true;
            changed.set(!rules.equals(original.rules()) || !saved.intact());
            check.run();
        });
        changed.set(!saved.intact());
        form.addListener(o -> {
            updateReady();
            check.run();
        });
    }

    /** Opens an empty form for a new rule of {@code kind}, added at the end when applied. */
    public void add(RuleKind kind) {
        open(RuleForm.create(kind), -1);
    }

    /** Opens the form of the rule at {@code index}. */
    public void edit(int index) {
        if (index >= 0 && index < rules.size()) {
            open(RuleForm.editing(rules.get(index)), index);
            selected.set(index);
        }
    }

    private void open(RuleForm opened, int index) {
        formIndex = index;
        formError.set("");
        opened.ruleProperty().addListener(o -> {
            updateReady();
            check.run();
        });
        form.set(opened);
    }

    /**
     * Puts the open form's rule in the list (replacing the one edited) and closes the form; false, with the reason in
     * the form's error or {@link #formErrorProperty()}, when it cannot go in as it is.
     */
    public boolean apply() {
        RuleForm open = form.get();
        if (open == null) {
            return true;
        }
        Rule rule = open.ruleProperty().get();
        if (rule == null) {
            return false;
        }
        List<Rule> next = new ArrayList<>(rules);
        if (formIndex < 0) {
            next.add(rule);
        } else {
            next.set(formIndex, rule);
        }
        try {
            TrafficPolicy.of(next); // what only the whole policy can say: two fallbacks for one situation, its size
        } catch (InvalidPolicyException e) {
            formError.set(RuleMessages.sentence(e.getMessage()));
            return false;
        }
        int at = formIndex < 0 ? next.size() - 1 : formIndex;
        rules.setAll(next);
        form.set(null);
        formError.set("");
        selected.set(at);
        return true;
    }

    /** Closes the open form; the list stays as it was. */
    public void cancel() {
        form.set(null);
        formError.set("");
    }

    public void remove(int index) {
        if (index >= 0 && index < rules.size()) {
            if (form.get() != null && formIndex == index) {
                cancel();
            } else if (form.get() != null && formIndex > index) {
                formIndex--;
            }
            rules.remove(index);
            selected.set(rules.isEmpty() ? -1 : Math.min(index, rules.size() - 1));
        }
    }

    public void moveUp(int index) {
        swap(index, index - 1);
    }

    public void moveDown(int index) {
        swap(index, index + 1);
    }

    private void swap(int a, int b) {
        if (a < 0 || b < 0 || a >= rules.size() || b >= rules.size()) {
            return;
        }
        List<Rule> next = new ArrayList<>(rules);
        next.set(a, rules.get(b));
        next.set(b, rules.get(a));
        if (form.get() != null && (formIndex == a || formIndex == b)) {
            formIndex = formIndex == a ? b : a;
        }
        rules.setAll(next);
        selected.set(b);
    }

    /** Puts {@code policy}'s rules in place of these (a policy file, the control API). */
    public void replaceAll(TrafficPolicy policy) {
        cancel();
        touched = true; // even when it is as empty as the list of unreadable rules was
        rules.setAll(policy.rules());
        selected.set(rules.isEmpty() ? -1 : 0);
    }

    /**
     * Reads a policy file as the agent's {@code --policy} does and puts its rules in place of these; on a problem,
     * {@link #importMessageProperty()} names the line and nothing changes.
     */
    public boolean importFile(Path file) {
        try {
            PolicyFile.Loaded loaded = PolicyFile.read(file, environment);
            replaceAll(loaded.policy());
            importMessage.set("Imported " + loaded.policy().rules().size() + " rule" + (loaded.policy().rules().size() == 1 ? "" : "s")
                    + " from " + file.getFileName() + " in place of the ones here.");
            return true;
        } catch (PolicyFileException e) {
            importMessage.set(RuleMessages.sentence(e.getMessage()) + " Fix the file and import it again; the rules here did not change.");
            return false;
        }
    }

    /**
     * What saving keeps: these rules; but saved rules that could not be read stay as they were (and keep the tunnel
     * from starting) until the list is changed, so editing the tunnel's name does not open it to everyone.
     */
    public TunnelRules toSave() {
        return !saved.intact() && !touched ? saved : TunnelRules.of(policy());
    }

    /** The rules as they are now. */
    public TrafficPolicy policy() {
        return TrafficPolicy.of(rules);
    }

    /** What the live check runs: the list, with the open form's rule in its place while it is valid, so typing shows its effect. */
    private TrafficPolicy checkedPolicy() {
        RuleForm open = form.get();
        Rule draft = open == null ? null : open.ruleProperty().get();
        if (draft == null) {
            return policy();
        }
        List<Rule> next = new ArrayList<>(rules);
        if (formIndex < 0) {
            next.add(draft);
        } else {
            next.set(formIndex, draft);
        }
        try {
            return TrafficPolicy.of(next);
        } catch (InvalidPolicyException e) {
            return policy();
        }
    }

    /** One line for the rule at {@code index}, as the list shows it: no secret beyond its last four characters. */
    public String summary(int index) {
        return TunnelRules.summary(rules.get(index));
    }

    public ObservableList<Rule> rules() {
        return rulesView;
    }

    /** The form being filled in, or null. */
    public ReadOnlyObjectProperty<RuleForm> formProperty() {
        return form.getReadOnlyProperty();
    }

    /** Whether the open form edits an existing rule (its button says "Done") rather than adds one ("Add rule"). */
    public boolean formEditsExisting() {
        return formIndex >= 0;
    }

    /** What keeps the open form's rule out of the list beyond its own fields (e.g. a second fallback for one case). */
    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty importMessageProperty() {
        return importMessage.getReadOnlyProperty();
    }

    /** Why the saved rules could not be read, or empty. */
    public ReadOnlyStringProperty savedProblemProperty() {
        return savedProblem.getReadOnlyProperty();
    }

    /** The rules differ from the saved ones. */
    public ReadOnlyBooleanProperty changedProperty() {
        return changed.getReadOnlyProperty();
    }

    /** The rule last added, edited or moved, for the list to keep in view; -1 for none. */
    public ReadOnlyIntegerProperty selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** "The tunnel is running: saving reconnects it…" while the rules of a running tunnel changed; empty otherwise. */
    public BooleanBinding restartsOnSaveBinding() {
        return Bindings.createBooleanBinding(() -> tunnelRunning && changed.get(), changed);
    }

    /** Whether the dialog can be saved as it is: no rule form left half-filled. */
    public BooleanBinding readyBinding() {
        return Bindings.createBooleanBinding(ready::get, ready);
    }

    private void updateReady() {
        ready.set(form.get() == null || form.get().ruleProperty().get() != null);
    }

    public LiveCheck check() {
        return check;
    }
}
