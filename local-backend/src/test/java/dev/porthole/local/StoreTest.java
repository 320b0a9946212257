package dev.porthole.local;

import dev.porthole.backend.store.ConnectionRecord;
import dev.porthole.backend.store.DynamoTunnelStore;
import dev.porthole.backend.store.Tunnel;
import dev.porthole.backend.store.TunnelPolicy;
import dev.porthole.backend.store.TunnelStore;
import dev.porthole.local.dynamodb.DynamoDbLocalServer;
import dev.porthole.policy.PolicyJson;
import dev.porthole.policy.TrafficPolicy;
import dev.porthole.local.wiring.TemplateWiring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
        .credentialsProvider(StaticCredentialsProvider.create(Backends.shared().hooks().awsCredentials())).build();
    private final MovableClock clock = new MovableClock(Instant.now());
    private final DynamoTunnelStore store = new DynamoTunnelStore(dynamo, TemplateWiring.STACK_NAME + "-Table", clock);
    private final String id = "store-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void close() {
        dynamo.close();
    }

    @Test
    void oneLiveOwnerAtATimeEnforcedByConditionalWrites() {
        assertThat(store.claim(id, "conn-A", TunnelPolicy.OPEN)).isTrue();
        assertThat(store.claim(id, "conn-B", TunnelPolicy.OPEN)).isFalse();
        assertThat(store.takeOver(id, "conn-WRONG", "conn-B", TunnelPolicy.OPEN)).isFalse();
        assertThat(store.takeOver(id, "conn-A", "conn-B", policy("digest"))).isTrue();
        assertThat(store.tunnel(id)).as("closed until the new owner's ready")
            .contains(new Tunnel(id, Optional.of("conn-B"), policy("digest").awaitingRules()));
        assertThat(store.open(id, "conn-A", TunnelPolicy.OPEN)).as("a stale owner cannot open it").isFalse();
        assertThat(store.open(id, "conn-B", policy("digest"))).isTrue();
        assertThat(store.tunnel(id)).contains(new Tunnel(id, Optional.of("conn-B"), policy("digest")));
        assertThat(store.release(id, "conn-A")).as("a stale owner cannot release").isFalse();
        assertThat(store.release(id, "conn-B")).isTrue();
        assertThat(store.tunnel(id)).contains(new Tunnel(id, Optional.empty(), policy("digest")));
        assertThat(store.claim(id, "conn-C", policy("d1"))).as("offline IDs are free to claim again").isTrue();
        assertThat(store.tunnel(id).flatMap(t -> t.policy().access())).as("the new owner's protection replaces the old").contains("d1");
        assertThat(store.takeOver(id, "conn-C", "conn-D", TunnelPolicy.OPEN)).isTrue();
        assertThat(store.tunnel(id).flatMap(t -> t.policy().access())).isEmpty();
    }

    /**
     * API Gateway refuses posts to a connection until its {@code $connect} has returned: a planned reconnect leaves the
     * tunnel on the connection the agent is leaving until the new one's {@code ready} opens it there.
     */
    @Test
    void aHandOverMovesTheTunnelOnlyWhenTheNewConnectionOpensIt() {
        TrafficPolicy rules = PolicyJson.decode("{\"version\":1,\"rules\":[{\"kind\":\"deny\"}]}");
        assertThat(store.claim(id, "conn-A", TunnelPolicy.OPEN.awaitingRules())).isTrue();
        assertThat(store.open(id, "conn-A", TunnelPolicy.OPEN.withRules(rules))).isTrue();

        assertThat(store.handOver(id, "conn-WRONG", "conn-B")).isFalse();
        assertThat(store.handOver(id, "conn-A", "conn-B")).isTrue();
        assertThat(store.tunnel(id)).as("still served by the old connection, its rules in force")
            .contains(new Tunnel(id, Optional.of("conn-A"), TunnelPolicy.OPEN.withRules(rules)));
        assertThat(store.open(id, "conn-C", TunnelPolicy.OPEN)).as("only the connection it is handed to").isFalse();

        assertThat(store.open(id, "conn-B", TunnelPolicy.OPEN.withRules(rules))).isTrue();
        assertThat(store.tunnel(id)).contains(new Tunnel(id, Optional.of("conn-B"), TunnelPolicy.OPEN.withRules(rules)));
        assertThat(store.release(id, "conn-A")).as("the connection left behind closes later and releases nothing").isFalse();
        assertThat(store.open(id, "conn-B", TunnelPolicy.OPEN.withRules(rules))).as("a second ready changes nothing").isTrue();
    }

    @Test
    void aHandOverStillCompletesWhenTheOldConnectionDropsFirst() {
        assertThat(store.claim(id, "conn-A", TunnelPolicy.OPEN)).isTrue();
        assertThat(store.open(id, "conn-A", TunnelPolicy.OPEN)).isTrue();
        assertThat(store.handOver(id, "conn-A", "conn-B")).isTrue();
        assertThat(store.release(id, "conn-A")).isTrue();
        assertThat(store.tunnel(id)).contains(new Tunnel(id, Optional.empty(), TunnelPolicy.OPEN));

        assertThat(store.open(id, "conn-B", TunnelPolicy.OPEN)).isTrue();
        assertThat(store.tunnel(id)).contains(new Tunnel(id, Optional.of("conn-B"), TunnelPolicy.OPEN));
    }

    @Test
    void anotherAgentsClaimEndsAHandOver() {
        assertThat(store.claim(id, "conn-A", TunnelPolicy.OPEN)).isTrue();
        assertThat(store.open(id, "conn-A", TunnelPolicy.OPEN)).isTrue();
        assertThat(store.handOver(id, "conn-A", "conn-B")).isTrue();
        assertThat(store.release(id, "conn-A")).isTrue();
        assertThat(store.claim(id, "conn-X", TunnelPolicy.OPEN)).isTrue();

        assertThat(store.open(id, "conn-B", TunnelPolicy.OPEN)).isFalse();
        assertThat(store.open(id, "conn-X", TunnelPolicy.OPEN)).isTrue();
        assertThat(store.tunnel(id)).contains(new Tunnel(id, Optional.of("conn-X"), TunnelPolicy.OPEN));
    }

    @Test
    void expiredRecordsAreIgnoredOnReadBecauseTtlDeletionLags() {
        assertThat(store.claim(id, "conn-A", TunnelPolicy.OPEN)).isTrue();
        clock.advance(Duration.ofHours(4));
        assertThat(store.tunnel(id)).isEmpty();
        assertThat(store.claim(id, "conn-B", TunnelPolicy.OPEN)).as("an expired owner holds nothing").isTrue();

        store.putConnection(new ConnectionRecord("conn-X", id, clock.instant(), TunnelPolicy.OPEN));
        assertThat(store.connection("conn-X")).isPresent();
        clock.advance(Duration.ofHours(4));
        assertThat(store.connection("conn-X")).isEmpty();
    }

    @Test
    void anOfflineTunnelKeepsItsIdForAMonth() {
        assertThat(store.claim(id, "conn-A", TunnelPolicy.OPEN)).isTrue();
        assertThat(store.open(id, "conn-A", TunnelPolicy.OPEN)).isTrue();
        assertThat(store.release(id, "conn-A")).isTrue();
        clock.advance(Duration.ofDays(29));
        assertThat(store.tunnel(id)).contains(new Tunnel(id, Optional.empty(), TunnelPolicy.OPEN));
        clock.advance(Duration.ofDays(2));
        assertThat(store.tunnel(id)).isEmpty();
    }

    @Test
    void removingAConnectionNobodyRecordedChangesNothing() {
        assertThat(store.removeConnection("never-existed")).isEmpty();
    }

    private static TunnelPolicy policy(String digest) {
        return new TunnelPolicy(Optional.of(digest), false);
    }

    @Test
    void keptRequestsOnlyForAnOfflineCatchingTunnelAndUpToTheLimit() {
        TunnelPolicy catching = new TunnelPolicy(Optional.empty(), true);
        assertThat(store.keep(id, "r#1", "{}", 2)).as("no such tunnel").isEqualTo(TunnelStore.Kept.NOT_CATCHING);
        assertThat(store.claim(id, "conn-A", catching)).isTrue();
        assertThat(store.keep(id, "r#1", "{}", 2)).as("online").isEqualTo(TunnelStore.Kept.NOT_CATCHING);
        assertThat(store.release(id, "conn-A")).isTrue();
        assertThat(store.keep(id, DynamoTunnelStore.caughtKey(clock.instant(), "b"), "second", 2)).isEqualTo(TunnelStore.Kept.KEPT);
        assertThat(store.keep(id, DynamoTunnelStore.caughtKey(clock.instant().minusSeconds(1), "a"), "first", 2)).isEqualTo(TunnelStore.Kept.KEPT);
        assertThat(store.keep(id, DynamoTunnelStore.caughtKey(clock.instant(), "c"), "third", 2)).isEqualTo(TunnelStore.Kept.FULL);
        assertThat(store.caught(id)).extracting(dev.porthole.backend.store.CaughtRequest::request).containsExactly("first", "second");
        String firstKey = store.caught(id).get(0).key();
        assertThat(store.forgetCaught(id, firstKey)).isTrue();
        assertThat(store.forgetCaught(id, firstKey)).as("once only").isFalse();
        assertThat(store.keep(id, DynamoTunnelStore.caughtKey(clock.instant(), "d"), "fourth", 2)).as("room again").isEqualTo(TunnelStore.Kept.KEPT);
        clock.advance(Duration.ofDays(8));
        assertThat(store.caught(id)).as("kept a week at most").isEmpty();
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
