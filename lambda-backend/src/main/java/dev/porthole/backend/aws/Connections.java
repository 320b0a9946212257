package dev.porthole.backend.aws;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * The WebSocket connections, through API Gateway's Management API. A connection that no longer exists
 * answers 410, which the SDK raises as {@link GoneException} (the local backend sends the same
 * {@code x-amzn-ErrorType} header so it does too); here that becomes a plain {@code false}.
 *
 * <p>Never post to a connection from its own {@code $connect}: API Gateway answers 410 until the
 * handshake completes (seed bugs #2 and #4). Nothing in the connect path holds a {@code Connections}.
 */
public final class Connections {
    private final ApiGatewayManagementApiClient api;

    public Connections(ApiGatewayManagementApiClient api) {
        this.api = api;
    }

    /**
     * Sends one text message.
     *
     * @param message the message's UTF-8 bytes ({@link dev.porthole.protocol.MessageCodec#encodeToBytes}); the SDK
     *                sends them as they are, and nothing here changes them afterwards
     * @return false if the connection is gone
     * @throws software.amazon.awssdk.core.exception.SdkException for any other failure (throttling, network)
     */
    public boolean post(String connectionId, byte[] message) {
        try {
            api.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromByteArrayUnsafe(message)));
            return true;
        } catch (GoneException e) {
            return false;
        }
    }

    /** Closes the connection from API Gateway's side; a connection already gone is fine. */
    public void close(String connectionId) {
        try {
            api.deleteConnection(r -> r.connectionId(connectionId));
        } catch (GoneException e) {
            // already closed
        }
    }

    /** Whether the connection is still open, asked of API Gateway itself. */
    public boolean isOpen(String connectionId) {
        try {
            api.getConnection(r -> r.connectionId(connectionId));
            return true;
        } catch (GoneException e) {
            return false;
        }
    }
}
