package dev.porthole.local.dynamodb;

import dev.porthole.local.iam.LocalIam;
import dev.porthole.local.iam.credentials.IssuedCredentials;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * DynamoDB Local, in this process, behind an HTTP endpoint on loopback only, so the function reaches it
 * through the real SDK as it reaches DynamoDB. (DynamoDB Local's own launcher listens on every interface,
 * which would open the database to the LAN; its request handler is mounted on our own connector instead.)
 * In memory for tests; in a file under the data directory for the standalone backend, so tunnels and
 * reserved IDs survive a restart: that directory is the owner's only (0700), and so is every database file in
 * it (0600).
 * <p>
 * DynamoDB Local accepts any credentials; here a {@link DynamoDbAuthorization} in front of it checks each
 * request's signature and IAM permission as DynamoDB does, so the function can do only what the template's
 * policy allows it, and nothing else on this computer can read the table without credentials of this run.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
    public static final Region REGION = Region.US_EAST_1;
    /** The file DynamoDB Local keeps a shared database in (sqlite; its journals take the file's permissions). */
    static final String DATABASE_FILE = "shared-local-instance.db";
    /**
     * DynamoDB Local logs through log4j's API. Where log4j's implementation is on the class path too (the desktop
     * app's jar), it would set itself up — some 550 classes and a console appender — to print what log4j's simple
     * logger prints as well: errors only, on standard error.
     */
    static final String LOG4J_CONTEXT_FACTORY = "log4j2.loggerContextFactory";

    private final Server server;
    private final LocalDynamoDBRequestHandler database;
    private final URI endpoint;
    private final IssuedCredentials administrator;

    private DynamoDbLocalServer(Server server, LocalDynamoDBRequestHandler database, URI endpoint, IssuedCredentials administrator) {
        this.server = server;
        this.database = database;
        this.endpoint = endpoint;
        this.administrator = administrator;
    }

    /**
     * @param iam       whose credentials and policies requests are checked against
     * @param accountId the account the table belongs to (its ARN's)
     */
    public static DynamoDbLocalServer start(Optional<Path> dataDirectory, LocalIam iam, String accountId) throws Exception {
        if (dataDirectory.isPresent()) {
            ownerOnly(dataDirectory.get());
        }
        if (System.getProperty(LOG4J_CONTEXT_FACTORY) == null) {
            System.setProperty(LOG4J_CONTEXT_FACTORY, "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
        LocalDynamoDBRequestHandler database = new LocalDynamoDBRequestHandler(0, dataDirectory.isEmpty(),
            dataDirectory.map(p -> p.toAbsolutePath().toString()).orElse(null), true, false);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new DynamoDbAuthorization(iam, accountId, new LocalDynamoDBServerHandler(database, null)));
        server.start();
        return new DynamoDbLocalServer(server, database, URI.create("http://127.0.0.1:" + connector.getLocalPort()), iam.administrator());
    }

    /**
     * Makes the directory 0700 and its files 0600, creating the database file empty (which sqlite opens as a new
     * database) so that it is never readable by others, not even for a moment. On a file system without POSIX
     * permissions (Windows) the user's profile directory already keeps it private.
     */
    private static void ownerOnly(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (Files.getFileAttributeView(directory, PosixFileAttributeView.class) == null) {
            return;
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        try {
            Files.createFile(directory.resolve(DATABASE_FILE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // kept from an earlier run: made owner-only below with every other file
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client with the emulator's own credentials, for setting up tables; the function builds its own. */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
            .endpointOverride(endpoint)
            .region(REGION)
            .credentialsProvider(StaticCredentialsProvider.create(administrator.toSdk()))
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
