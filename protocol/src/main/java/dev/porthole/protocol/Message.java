package dev.porthole.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One message on a tunnel's WebSocket. Every message is a JSON text frame — API Gateway closes the
 * socket on binary frames — whose {@code type} field names the record below, and no encoded message
 * is ever longer than {@link Limits#MAX_MESSAGE_BYTES}; {@link BodySplitter} splits bodies to fit.
 *
 * <p>Agent → backend: {@link Ready}, {@link ResponseHead} and its {@link BodyChunk}s, {@link ErrorMessage}, {@link Ping}.
 * Backend → agent: {@link Established}, {@link RequestHead} and its {@link BodyChunk}s, {@link ErrorMessage}, {@link Pong}.
 * {@link WhoAmI}, {@link YouAre} and {@link ConnectionGone} travel only between the backend and its own relay
 * connections (see the lambda-backend module); an agent never needs them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Ready.class, name = "ready"),
    @JsonSubTypes.Type(value = Established.class, name = "established"),
    @JsonSubTypes.Type(value = RequestHead.class, name = "request"),
    @JsonSubTypes.Type(value = ResponseHead.class, name = "response"),
    @JsonSubTypes.Type(value = BodyChunk.class, name = "body"),
    @JsonSubTypes.Type(value = ErrorMessage.class, name = "error"),
    @JsonSubTypes.Type(value = Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = WhoAmI.class, name = "whoami"),
    @JsonSubTypes.Type(value = YouAre.class, name = "you-are"),
    @JsonSubTypes.Type(value = ConnectionGone.class, name = "connection-gone"),
})
public sealed interface Message
    permits Ready, Established, BodyHead, BodyChunk, ErrorMessage, Ping, Pong, WhoAmI, YouAre, ConnectionGone {
}
