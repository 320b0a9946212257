package dev.porthole.local.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The WebSocket API's connections, by ID. */
final class ConnectionRegistry {
    private final Map<String, WebSocketConnection> connections = new ConcurrentHashMap<>();

    void add(WebSocketConnection connection) {
        connections.put(connection.id(), connection);
    }

    void remove(String id) {
        connections.remove(id);
    }

    Optional<WebSocketConnection> get(String id) {
        return Optional.ofNullable(connections.get(id));
    }

    /** Only connections whose handshake has completed: the ones the Management API can reach. */
    Optional<WebSocketConnection> open(String id) {
        return get(id).filter(WebSocketConnection::isOpen);
    }

    Collection<WebSocketConnection> all() {
        return List.copyOf(connections.values());
    }
}
