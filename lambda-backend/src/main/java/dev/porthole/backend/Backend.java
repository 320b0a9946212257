package dev.porthole.backend;

import dev.porthole.backend.auth.AgentToken;
import dev.porthole.backend.auth.Keys;
import dev.porthole.backend.answer.AnswerRoutes;
import dev.porthole.backend.aws.AwsClients;
import dev.porthole.backend.aws.Connections;
import dev.porthole.backend.catching.CaughtRequests;
import dev.porthole.backend.config.BackendConfig;
import dev.porthole.backend.connection.ConnectHandler;
import dev.porthole.backend.connection.DisconnectHandler;
import dev.porthole.backend.connection.TunnelClaims;
import dev.porthole.backend.forward.PublicRequestHandler;
import dev.porthole.backend.forward.TunnelDirectory;
import dev.porthole.backend.message.MessageHandler;
import dev.porthole.backend.relay.Relay;
import dev.porthole.backend.relay.RelaySigning;
import dev.porthole.backend.store.DynamoTunnelStore;
import dev.porthole.backend.store.TunnelStore;

import java.time.Clock;

/**
 * Everything one execution environment holds, wired once: the AWS clients, the store, the relay and the
 * four route handlers. The only place that knows how the parts fit together.
 */
public final class Backend implements AutoCloseable {
    private final AwsClients aws;
    private final TunnelStore store;
    private final Connections connections;
    private final Relay relay;
    private final ConnectHandler connect;
    private final DisconnectHandler disconnect;
    private final MessageHandler messages;
    private final PublicRequestHandler publicRequests;

    public Backend(BackendConfig config, Clock clock) {
        this.aws = new AwsClients(config);
        this.store = new DynamoTunnelStore(aws.dynamoDb(), config.tableName(), clock);
        Keys keys = new Keys(config.functionSecret(), config.previousFunctionSecret());
        Connections connections = new Connections(aws.management());
        this.connections = connections;
        TunnelClaims claims = new TunnelClaims(store, connections, keys);
        this.relay = new Relay(config.relayUrl(), new RelaySigning(config.credentials(), config.region()), clock,
            config.maxBodyBytes(), config.relayQuietCheck(), config.relayPatience());
        this.connect = new ConnectHandler(new AgentToken(config.tokenSha256()), claims, store, clock);
        this.disconnect = new DisconnectHandler(store);
        CaughtRequests caught = new CaughtRequests(store, connections);
        AnswerRoutes answers = new AnswerRoutes(aws.sts(), config.answerRoleArn(), config.answerEndpoint(), config.region(), clock);
        this.messages = new MessageHandler(store, connections, claims, answers, config.publicUrl(), config.maxBodyBytes(), caught);
        this.publicRequests = new PublicRequestHandler(new TunnelDirectory(store, clock), store, connections, relay,
            config.publicUrl(), config.maxBodyBytes(), config.requestTimeout(), config.invokePayloadLimit(), caught);
    }

    public AwsClients aws() {
        return aws;
    }

    public Connections connections() {
        return connections;
    }

    public TunnelStore store() {
        return store;
    }

    public Relay relay() {
        return relay;
    }

    public ConnectHandler connect() {
        return connect;
    }

    public DisconnectHandler disconnect() {
        return disconnect;
    }

    public MessageHandler messages() {
        return messages;
    }

    public PublicRequestHandler publicRequests() {
        return publicRequests;
    }

    @Override
    public void close() {
        relay.close();
        aws.close();
    }
}
