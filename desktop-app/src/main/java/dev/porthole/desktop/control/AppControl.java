package dev.porthole.desktop.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.policy.InvalidPolicyException;
import dev.porthole.policy.PolicyJson;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.log.RequestLogViewModel;
import dev.porthole.desktop.platform.UiExecutor;
import dev.porthole.desktop.platform.Json;
import dev.porthole.desktop.replay.Replays;
import dev.porthole.desktop.rules.TunnelRules;
import dev.porthole.desktop.tunnel.TunnelEditorViewModel;
import dev.porthole.desktop.tunnel.TunnelItemViewModel;
import dev.porthole.desktop.tunnel.TunnelListViewModel;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the control API does, through the same view models as the window (so a tunnel made by a script is checked by
 * the same rules as one made in the form, and shows in the window at once). Every call hops onto the UI thread.
 */
public final class AppControl {
    /** A tunnel as the API shows it. */
    public record Tunnel(String name, int localPort, String publicUrl, String status) {
    }

    /** A request of the log as the API shows it. */
    public record Request(long id, String tunnel, String method, String path, int status, long durationMs) {
    }

    private final TunnelListViewModel tunnels;
    private final RequestLogViewModel log;
    private final Replays replays;
    private final Function<LogEntry, URI> replayTarget;
    private final UiExecutor ui;

    /** @param replayTarget where a request's replay goes (its tunnel's local service), or null when its tunnel is gone */
    public AppControl(TunnelListViewModel tunnels, RequestLogViewModel log, Replays replays,
                      Function<LogEntry, URI> replayTarget, UiExecutor ui) {
        this.tunnels = tunnels;
        this.log = log;
        this.replays = replays;
        this.replayTarget = replayTarget;
        this.ui = ui;
    }

    public List<Tunnel> tunnels() {
        return onUi(() -> tunnels.tunnels().stream().map(AppControl::view).toList());
    }

    /** Creates a tunnel on the first backend (this computer) and starts it. */
    public Tunnel create(String name, Integer localPort, String tunnelId) {
        if (name == null || name.isBlank()) {
            throw new ControlException(400, "Give the tunnel a \"name\".");
        }
        if (localPort == null) {
            throw new ControlException(400, "Give the tunnel a \"localPort\": the port your server listens on, 1 to 65535.");
        }
        return onUi(() -> {
            if (tunnels.tunnels().stream().anyMatch(t -> t.config().name().equals(name.strip()))) {
                throw new ControlException(409, "A tunnel named \"" + name.strip() + "\" exists already. Choose another name, "
                        + "or start that one with POST /api/tunnels/{name}/start.");
            }
            TunnelEditorViewModel editor = tunnels.newTunnel();
            editor.nameProperty().set(name.strip());
            editor.portProperty().set(Integer.toString(localPort));
            editor.reservedIdProperty().set(tunnelId == null ? "" : tunnelId);
            editor.startNowProperty().set(true);
            if (!editor.save()) {
                List<String> problems = new ArrayList<>();
                for (String p : List.of(editor.portErrorProperty().get(), editor.reservedIdErrorProperty().get(),
                        editor.hostErrorProperty().get(), editor.backendErrorProperty().get())) {
                    if (!p.isEmpty()) {
                        problems.add(p);
                    }
                }
                throw new ControlException(400, problems.isEmpty() ? "The tunnel could not be created." : String.join(" ", problems));
            }
            return view(tunnels.tunnels().getLast());
        });
    }

    public Tunnel start(String name) {
        return onUi(() -> {
            TunnelItemViewModel t = named(name);
            t.start();
            return view(t);
        });
    }

    public Tunnel stop(String name) {
        return onUi(() -> {
            TunnelItemViewModel t = named(name);
            t.stop();
            return view(t);
        });
    }

    /** The tunnel's traffic rules in their JSON form, each webhook secret shown only as its last four characters. */
    public JsonNode rules(String name) {
        return onUi(() -> redacted(named(name).config().rules(), name));
    }

    /**
     * Validates {@code json} (the policy's JSON form, secrets in full) with the policy library, then saves the rules
     * through the tunnel's edit form, as the dialog does: a running tunnel reconnects so the backend gets them.
     */
    public JsonNode setRules(String name, String json) {
        TrafficPolicy policy;
        try {
            policy = PolicyJson.decode(json);
        } catch (InvalidPolicyException e) {
            throw new ControlException(400, "The rules are not valid: " + e.getMessage()
                    + (e.pointer().isEmpty() ? "" : " (at " + e.pointer() + ")") + ". Send the policy as GET /api/tunnels/{name}/rules "
                    + "shows it, {\"version\": 1, \"rules\": [...]}, with each webhook secret in full.");
        }
        return onUi(() -> {
            TunnelItemViewModel t = named(name);
            TunnelEditorViewModel editor = tunnels.edit(t);
            editor.rules().replaceAll(policy);
            if (!editor.save()) {
                throw new ControlException(409, "The tunnel \"" + name + "\" cannot be saved as it is. Open it in the app to see why.");
            }
            return redacted(t.config().rules(), name);
        });
    }

    private static JsonNode redacted(TunnelRules rules, String name) {
        if (!rules.intact()) {
            throw new ControlException(409, "The rules saved for \"" + name + "\" could not be read (" + rules.problem().orElse("")
                    + "). Set them again with PUT /api/tunnels/{name}/rules.");
        }
        try {
            return Json.MAPPER.readTree(PolicyJson.encodeRedacted(rules.policy()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the policy library wrote JSON that does not read back", e);
        }
    }

    /** The newest {@code limit} requests of the log, newest first. */
    public List<Request> requests(int limit) {
        return onUi(() -> {
            log.flushAll();
            var all = log.entries();
            List<Request> newest = new ArrayList<>(Math.min(limit, all.size()));
            for (int i = all.size() - 1; i >= 0 && newest.size() < limit; i--) {
                newest.add(view(all.get(i)));
            }
            return newest;
        });
    }

    /** Sends a request of the log again, as it was, to its tunnel's local service, and returns the new entry. */
    public Request replay(long id) {
        CompletableFuture<LogEntry> sent = onUi(() -> {
            log.flushAll();
            LogEntry original = log.find(id).orElseThrow(() -> new ControlException(404,
                    "There is no request " + id + " in the log. GET /api/requests lists those there are."));
            URI target = replayTarget.apply(original);
            if (target == null) {
                throw new ControlException(409, "The tunnel of request " + id + " no longer exists, so there is nowhere to send it.");
            }
            return replays.send(original, target, original.exchange().request());
        });
        try {
            LogEntry entry = sent.get(90, TimeUnit.SECONDS);
            return view(entry);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Replays.Failed f ? new ControlException(409, f.getMessage())
                    : new ControlException(500, "The replay could not be sent. Try again.");
        } catch (TimeoutException e) {
            throw new ControlException(504, "The replay got no answer in time.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(503, "Porthole is closing.");
        }
    }

    private TunnelItemViewModel named(String name) {
        List<TunnelItemViewModel> matches = tunnels.tunnels().stream().filter(t -> t.config().name().equals(name)).toList();
        if (matches.isEmpty()) {
            throw new ControlException(404, "There is no tunnel named \"" + name + "\". GET /api/tunnels lists them.");
        }
        if (matches.size() > 1) {
            throw new ControlException(409, matches.size() + " tunnels are named \"" + name + "\". Rename one in the app.");
        }
        return matches.getFirst();
    }

    static Tunnel view(TunnelItemViewModel t) {
        URI url = t.publicUrlProperty().get();
        return new Tunnel(t.config().name(), t.config().localPort(), url == null ? null : url.toString(), status(t.statusProperty().get()));
    }

    /** One of {@code online}, {@code starting}, {@code reconnecting}, {@code stopped}, {@code failed}. */
    static String status(TunnelStatus s) {
        return switch (s) {
            case TunnelStatus.Connecting c -> "starting";
            case TunnelStatus.Online o -> "online";
            case TunnelStatus.Reconnecting r -> "reconnecting";
            case TunnelStatus.Stopped st -> "stopped";
            case TunnelStatus.Failed f -> "failed";
        };
    }

    static Request view(LogEntry e) {
        return new Request(e.id(), e.tunnelName(), e.method(), e.path(), e.status(), e.duration().toMillis());
    }

    private <T> T onUi(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ui.execute(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ControlException c) {
                throw c;
            }
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new ControlException(503, "The app is busy; try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(503, "Porthole is closing.");
        }
    }
}
