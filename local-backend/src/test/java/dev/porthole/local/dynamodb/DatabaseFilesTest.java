package dev.porthole.local.dynamodb;

import dev.porthole.local.iam.IamFixture;
import dev.porthole.local.iam.LocalIam;
import dev.porthole.local.wiring.BackendWiring;
import dev.porthole.local.wiring.TemplateWiring;
import dev.porthole.template.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The database on disk holds connection IDs and access digests: only its owner may read it. */
class DatabaseFilesTest {

    @Test
    void theDataDirectoryIsOwnerOnlyAndSoIsEveryFileInIt(@TempDir Path parent) throws Exception {
        Path data = parent.resolve("local-backend");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Template template = Template.load();
        BackendWiring wiring = TemplateWiring.from(template, "0".repeat(64));
        LocalIam iam = LocalIam.fromTemplate(template, wiring.intrinsics(), TemplateWiring.ACCOUNT_ID, TemplateWiring.REGION, Clock.systemUTC());

        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.of(data), iam, TemplateWiring.ACCOUNT_ID);
             var client = new IamFixture.Clients(server).function(iam)) {
            server.ensureTable(wiring.table());
            client.putItem(r -> r.tableName(wiring.table().name()).item(Map.of("pk", AttributeValue.fromS("T#files"), "sk", AttributeValue.fromS("tunnel"))));
            assertThat(files(data)).as("DynamoDB Local keeps its database in this file").contains(DynamoDbLocalServer.DATABASE_FILE);
            assertOwnerOnly(data);
        }
        assertOwnerOnly(data);
        assertThat(Files.size(data.resolve(DynamoDbLocalServer.DATABASE_FILE))).as("the table was written there").isPositive();
    }

    @Test
    void filesLeftReadableByAnEarlierVersionAreMadePrivate(@TempDir Path parent) throws Exception {
        Path data = Files.createDirectories(parent.resolve("local-backend"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path db = Files.createFile(data.resolve(DynamoDbLocalServer.DATABASE_FILE));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Template template = Template.load();
        BackendWiring wiring = TemplateWiring.from(template, "0".repeat(64));
        LocalIam iam = LocalIam.fromTemplate(template, wiring.intrinsics(), TemplateWiring.ACCOUNT_ID, TemplateWiring.REGION, Clock.systemUTC());

        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.of(data), iam, TemplateWiring.ACCOUNT_ID)) {
            server.ensureTable(wiring.table());
            assertOwnerOnly(data);
        }
    }

    private static void assertOwnerOnly(Path data) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        for (String name : files(data)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name)))).as(name).isEqualTo("rw-------");
        }
    }

    private static List<String> files(Path data) throws Exception {
        try (Stream<Path> files = Files.list(data)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
