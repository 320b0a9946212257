package dev.porthole.local.dynamodb;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * DynamoDB Local, in this process, behind an HTTP endpoint on loopback only, so the function reaches it
 * through the real SDK as it reaches DynamoDB. (DynamoDB Local's own launcher listens on every interface,
 * which would open the database to the LAN; its request handler is mounted on our own connector instead.)
 * In memory for tests; in a file under the data directory for the standalone backend, so tunnels and
 * reserved IDs survive a restart.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
    /** DynamoDB Local accepts any credentials; the SDK needs some to sign with. */
    public static final String ACCESS_KEY_ID = "porthole";
    public static final String SECRET_ACCESS_KEY = "porthole-local";
    public static final Region REGION = Region.US_EAST_1;

    private final Server server;
    private final LocalDynamoDBRequestHandler database;
    private final URI endpoint;

    private DynamoDbLocalServer(Server server, LocalDynamoDBRequestHandler database, URI endpoint) {
        this.server = server;
        this.database = database;
        this.endpoint = endpoint;
    }

    public static DynamoDbLocalServer start(Optional<Path> dataDirectory) throws Exception {
        if (dataDirectory.isPresent()) {
            Files.createDirectories(dataDirectory.get());
        }
        LocalDynamoDBRequestHandler database = new LocalDynamoDBRequestHandler(0, dataDirectory.isEmpty(),
            dataDirectory.map(p -> p.toAbsolutePath().toString()).orElse(null), true, false);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new LocalDynamoDBServerHandler(database, null));
        server.start();
        return new DynamoDbLocalServer(server, database, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for setting up tables; the function builds its own. */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
            .endpointOverride(endpoint)
            .region(REGION)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    }

    /** Creates the table if it does not exist yet (a file-backed database keeps it across restarts). */
    public void ensureTable(TableSpec table) {
        try (DynamoDbClient client = client()) {
            try {
                client.describeTable(r -> r.tableName(table.name()));
                return;
            } catch (ResourceNotFoundException e) {
                // create it below
            }
            client.createTable(r -> r.tableName(table.name())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(table.keys().stream().map(k -> KeySchemaElement.builder().attributeName(k.attribute()).keyType(k.keyType()).build()).toList())
                .attributeDefinitions(table.keys().stream().map(k -> AttributeDefinition.builder().attributeName(k.attribute()).attributeType(k.attributeType()).build()).toList()));
            table.ttlAttribute().ifPresent(attribute -> client.updateTimeToLive(r -> r.tableName(table.name())
                .timeToLiveSpecification(s -> s.enabled(true).attributeName(attribute))));
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
        database.shutdown();
    }
}
