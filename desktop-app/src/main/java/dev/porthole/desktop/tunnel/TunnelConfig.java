package dev.porthole.desktop.tunnel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.porthole.desktop.rules.TunnelRules;

import java.util.Objects;
import java.util.UUID;

/**
 * A tunnel as the person set it up, saved in {@code tunnels.json}.
 *
 * @param key             the app's own stable identifier (the log and history refer to tunnels by it)
 * @param name            shown in the list and the log
 * @param localHost       where requests go, usually localhost
 * @param localPort       1–65535
 * @param backendId       {@link dev.porthole.desktop.backend.BackendRef#LOCAL_ID} or an AWS backend's id
 * @param reservedId      the tunnel ID the person asked for (null: let the backend choose)
 * @param lastTunnelId    the ID the backend gave last time, asked for again so the URL survives a restart
 * @param autoStart       it was running when the app last closed (the person started it), so it starts again
 * @param protection      the public URL asks callers for this user and password (null: open to anyone with the URL)
 * @param keepPublicHost  the local server sees the caller's Host header instead of {@code localHost:localPort}
 * @param catchWhileOffline the backend keeps requests that arrive while the tunnel is offline and delivers them when it
 *                          is back (callers get 202 meanwhile)
 * @param rules           the traffic rules the backend runs on every public request before it reaches this computer
 */
public record TunnelConfig(String key, String name, String localHost, int localPort, String backendId,
                           String reservedId, String lastTunnelId, boolean autoStart, Protection protection,
                           boolean keepPublicHost, boolean catchWhileOffline, TunnelRules rules) {

    public TunnelConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        localHost = localHost == null || localHost.isBlank() ? "localhost" : localHost;
        reservedId = reservedId == null || reservedId.isBlank() ? null : reservedId;
        rules = rules == null ? TunnelRules.NONE : rules; // tunnels saved before rules existed have none
    }

    public static TunnelConfig create(String name, String localHost, int localPort, String backendId, String reservedId) {
        return new TunnelConfig(UUID.randomUUID().toString(), name, localHost, localPort, backendId, reservedId, null, false,
                null, false, false, TunnelRules.NONE);
    }

    /** The ID to ask the backend for: the reserved one, else the one it gave last time, else none. */
    public String requestedTunnelId() {
        return reservedId != null ? reservedId : lastTunnelId;
    }

    public String localTarget() {
        return (localHost.contains(":") ? "[" + localHost + "]" : localHost) + ":" + localPort;
    }

    public TunnelConfig withLastTunnelId(String id) {
        return new TunnelConfig(key, name, localHost, localPort, backendId, reservedId, id, autoStart, protection, keepPublicHost,
                catchWhileOffline, rules);
    }

    public TunnelConfig withAutoStart(boolean value) {
        return new TunnelConfig(key, name, localHost, localPort, backendId, reservedId, lastTunnelId, value, protection,
                keepPublicHost, catchWhileOffline, rules);
    }

    public TunnelConfig withProtection(Protection value) {
        return new TunnelConfig(key, name, localHost, localPort, backendId, reservedId, lastTunnelId, autoStart, value,
                keepPublicHost, catchWhileOffline, rules);
    }

    public TunnelConfig withKeepPublicHost(boolean value) {
        return new TunnelConfig(key, name, localHost, localPort, backendId, reservedId, lastTunnelId, autoStart, protection,
                value, catchWhileOffline, rules);
    }

    public TunnelConfig withCatchWhileOffline(boolean value) {
        return new TunnelConfig(key, name, localHost, localPort, backendId, reservedId, lastTunnelId, autoStart, protection,
                keepPublicHost, value, rules);
    }

    public TunnelConfig withRules(TunnelRules value) {
        return new TunnelConfig(key, name, localHost, localPort, backendId, reservedId, lastTunnelId, autoStart, protection,
                keepPublicHost, catchWhileOffline, value);
    }

    @JsonIgnore // derived from protection; not a field of tunnels.json
    public boolean isProtected() {
        return protection != null;
    }

    /** The same tunnel with what the edit form sets; the backend's last ID is kept unless the backend changed. */
    public TunnelConfig edited(String newName, String newHost, int newPort, String newBackend, String newReserved) {
        boolean sameBackend = Objects.equals(newBackend, backendId);
        return new TunnelConfig(key, newName, newHost, newPort, newBackend, newReserved, sameBackend ? lastTunnelId : null,
                autoStart, protection, keepPublicHost, catchWhileOffline, rules);
    }
}
