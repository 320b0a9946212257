package dev.porthole.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One message on a tunnel's WebSocket. Every message is a JSON text frame — API Gateway closes the
 * socket on binary frames — whose {@code type} field names the record below, and no encoded message
 * is ever longer than {@link Limits#MAX_MESSAGE_BYTES}; {@link BodySplitter} splits bodies to fit.
 *
 * <p>Agent → backend (on its WebSocket): {@link Ready}, {@link Ping}, {@link Renew}, and the answers to requests the
 * backend kept while the tunnel was offline ({@link ResponseHead}/{@link BodyChunk}/{@link ErrorMessage}).
 * Backend → agent: {@link Established}, {@link RequestHead} and its {@link BodyChunk}s, {@link ErrorMessage},
 * {@link Pong}, {@link Renewed}, and {@link AnsweredByRule} for requests the traffic rules kept from the agent.
 * Agent → relay (posted through the relay API's Management API, see {@link AnswerRoute}): the answers to live
 * requests, {@link ResponseHead} and its {@link BodyChunk}s or an {@link ErrorMessage}.
 * {@link WhoAmI} and {@link YouAre} travel only between the backend's relay connections and the relay API; an agent
 * never needs them.
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
    @JsonSubTypes.Type(value = Renew.class, name = "renew"),
    @JsonSubTypes.Type(value = Renewed.class, name = "renewed"),
    @JsonSubTypes.Type(value = AnsweredByRule.class, name = "answered-by-rule"),
})
public sealed interface Message
    permits Ready, Established, BodyHead, BodyChunk, ErrorMessage, Ping, Pong, WhoAmI, YouAre, Renew, Renewed, AnsweredByRule {
}
