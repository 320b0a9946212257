package dev.porthole.local;

import dev.porthole.backend.store.ConnectionRecord;
import dev.porthole.backend.store.DynamoTunnelStore;
import dev.porthole.backend.store.Tunnel;
import dev.porthole.local.dynamodb.DynamoDbLocalServer;
import dev.porthole.local.wiring.TemplateWiring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The DynamoDB store on DynamoDB Local, with a clock the test moves. */
class StoreTest {
    private final DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(Backends.shared().dynamoDbEndpoint())
        .region(DynamoDbLocalServer.REGION)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"))).build();
    private final MovableClock clock = new MovableClock(Instant.now());
    private final DynamoTunnelStore store = new DynamoTunnelStore(dynamo, TemplateWiring.STACK_NAME + "-Table", clock);
    private final String id = "store-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void close() {
        dynamo.close();
    }

    @Test
    void oneLiveOwnerAtATimeEnforcedByConditionalWrites() {
        assertThat(store.claim(id, "conn-A", Optional.empty())).isTrue();
        assertThat(store.claim(id, "conn-B", Optional.empty())).isFalse();
        assertThat(store.takeOver(id, "conn-WRONG", "conn-B", Optional.empty())).isFalse();
        assertThat(store.takeOver(id, "conn-A", "conn-B", Optional.of("digest"))).isTrue();
        assertThat(store.tunnel(id)).contains(new Tunnel(id, Optional.of("conn-B"), Optional.of("digest")));
        assertThat(store.release(id, "conn-A")).as("a stale owner cannot release").isFalse();
        assertThat(store.release(id, "conn-B")).isTrue();
        assertThat(store.tunnel(id)).contains(new Tunnel(id, Optional.empty(), Optional.of("digest")));
        assertThat(store.claim(id, "conn-C", Optional.of("d1"))).as("offline IDs are free to claim again").isTrue();
        assertThat(store.tunnel(id).flatMap(Tunnel::access)).as("the new owner's protection replaces the old").contains("d1");
        assertThat(store.takeOver(id, "conn-C", "conn-D", Optional.empty())).isTrue();
        assertThat(store.tunnel(id).flatMap(Tunnel::access)).isEmpty();
    }

    @Test
    void expiredRecordsAreIgnoredOnReadBecauseTtlDeletionLags() {
        assertThat(store.claim(id, "conn-A", Optional.empty())).isTrue();
        clock.advance(Duration.ofHours(4));
        assertThat(store.tunnel(id)).isEmpty();
        assertThat(store.claim(id, "conn-B", Optional.empty())).as("an expired owner holds nothing").isTrue();

        store.putConnection(new ConnectionRecord("conn-X", id, clock.instant()));
        assertThat(store.connection("conn-X")).isPresent();
        clock.advance(Duration.ofHours(4));
        assertThat(store.connection("conn-X")).isEmpty();
    }

    @Test
    void anOfflineTunnelKeepsItsIdForAMonth() {
        assertThat(store.claim(id, "conn-A", Optional.empty())).isTrue();
        assertThat(store.release(id, "conn-A")).isTrue();
        clock.advance(Duration.ofDays(29));
        assertThat(store.tunnel(id)).contains(new Tunnel(id, Optional.empty(), Optional.empty()));
        clock.advance(Duration.ofDays(2));
        assertThat(store.tunnel(id)).isEmpty();
    }

    @Test
    void relaysRegisterAndLeave() {
        String relay = "relay-" + id;
        store.registerRelay(relay);
        assertThat(store.relays()).contains(relay);
        store.unregisterRelay(relay);
        assertThat(store.relays()).doesNotContain(relay);
        assertThat(store.removeConnection("never-existed")).isEmpty();
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
