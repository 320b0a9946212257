package dev.porthole.local.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The WebSocket APIs' connections, by ID (IDs are unique across APIs, as on AWS). */
final class ConnectionRegistry {
    private final Map<String, WebSocketConnection> connections = new ConcurrentHashMap<>();

    void add(WebSocketConnection connection) {
        connections.put(connection.id(), connection);
    }

    /** @return whether it was there */
    boolean remove(String id) {
        return connections.remove(id) != null;
    }

    Optional<WebSocketConnection> get(String id) {
        return Optional.ofNullable(connections.get(id));
    }

    /** Only connections of this API whose handshake has completed: the ones its Management API can reach. */
    Optional<WebSocketConnection> open(String apiId, String id) {
        return get(id).filter(c -> c.apiId().equals(apiId)).filter(WebSocketConnection::isOpen);
    }

    /** The connections an execution environment opened. */
    List<WebSocketConnection> ownedBy(String environmentId) {
        return connections.values().stream().filter(c -> c.environment().filter(environmentId::equals).isPresent()).toList();
    }

    Collection<WebSocketConnection> all() {
        return List.copyOf(connections.values());
    }
}
