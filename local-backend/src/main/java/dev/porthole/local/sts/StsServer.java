package dev.porthole.local.sts;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;

/**
 * STS on a port of its own on loopback, as DynamoDB Local has one: the SDK sends STS's Query protocol to the root of
 * its endpoint, so it cannot share the gateway's port, whose root is the public HTTP API.
 */
public final class StsServer implements AutoCloseable {
    private final Server server;
    private final URI endpoint;

    private StsServer(Server server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    public static StsServer start(Handler sts) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(sts);
        server.start();
        return new StsServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
