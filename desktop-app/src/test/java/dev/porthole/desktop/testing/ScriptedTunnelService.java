package dev.porthole.desktop.testing;

import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.tunnel.TunnelConfig;
import dev.porthole.desktop.tunnel.TunnelService;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tunnel service the test drives: it records starts and stops and lets the test emit statuses and exchanges. */
public final class ScriptedTunnelService implements TunnelService {
    public final List<TunnelConfig> started = new CopyOnWriteArrayList<>();
    public final List<String> stopped = new CopyOnWriteArrayList<>();
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    /** Every listener ever given, in order, also those of stopped runs. */
    public final List<Listener> allListeners = new CopyOnWriteArrayList<>();

    @Override
    public Running start(TunnelConfig config, Listener listener) {
        started.add(config);
        listeners.put(config.key(), listener);
        allListeners.add(listener);
        return () -> {
            stopped.add(config.key());
            listeners.remove(config.key());
            listener.status(new TunnelStatus.Stopped());
        };
    }

    public boolean running(String key) {
        return listeners.containsKey(key);
    }

    public void status(String key, TunnelStatus status) {
        listeners.get(key).status(status);
    }

    public void exchange(String key, Exchange exchange) {
        listeners.get(key).exchange(exchange);
    }
}
