package dev.porthole.backend.store;

import dev.porthole.policy.InvalidPolicyException;
import dev.porthole.policy.PolicyJson;
import dev.porthole.policy.TrafficPolicy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TunnelStore} on one DynamoDB table keyed {@code pk} + {@code sk}, with the TTL attribute
 * {@code expiresAt} (epoch seconds) on every item. The layout is in docs/architecture.md.
 */
public final class DynamoTunnelStore implements TunnelStore {
    private static final System.Logger LOG = System.getLogger(DynamoTunnelStore.class.getName());
    /** Longer than API Gateway's 2-hour connection limit, so a live connection's records never expire under it. */
    static final Duration ONLINE_TTL = Duration.ofHours(3);
    /** How long an offline tunnel keeps its ID (and URL) for its agent. */
    static final Duration RESERVATION_TTL = Duration.ofDays(30);
    /** How long a request kept for an offline tunnel waits for its agent. */
    static final Duration CAUGHT_TTL = Duration.ofDays(7);

    /** The table's partition key, sort key and TTL attribute; the template must declare the same. */
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String EXPIRES_AT = "expiresAt";
    private static final String CONNECTION_ID = "connectionId";
    private static final String TUNNEL_ID = "tunnelId";
    private static final String ACCESS = "access";
    private static final String CATCH = "catch";
    /** The traffic rules in force, {@link PolicyJson} (secrets included); absent without rules. */
    private static final String POLICY = "policy";
    /**
     * Present (true) from every claim until the new owner's {@code ready} puts its rules (or none) in force: until then
     * no public request is posted to it, since API Gateway refuses posts to a connection whose {@code $connect} is running.
     */
    private static final String POLICY_PENDING = "policyPending";
    /** The connection a planned reconnect is moving the tunnel to, from its {@code $connect} until its {@code ready}. */
    private static final String NEXT_CONNECTION_ID = "nextConnectionId";
    private static final String REQUEST = "request";
    private static final String COUNT = "count";
    private static final String CAUGHT_COUNT_SK = "count";
    private static final String CAUGHT_SK_PREFIX = "r#";
    private static final String SINCE = "since";

    /** Every attribute a change of owner writes or removes. */
    private static final Map<String, String> OWNER_NAMES = Map.of("#conn", CONNECTION_ID, "#since", SINCE, "#exp", EXPIRES_AT,
        "#access", ACCESS, "#catch", CATCH, "#policy", POLICY, "#pending", POLICY_PENDING, "#next", NEXT_CONNECTION_ID);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public DynamoTunnelStore(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean claim(String tunnelId, String connectionId, TunnelPolicy policy) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = key("T#" + tunnelId, "T");
        item.put(CONNECTION_ID, s(connectionId));
        policy.access().ifPresent(digest -> item.put(ACCESS, s(digest)));
        item.put(CATCH, AttributeValue.fromBool(policy.catchWhileOffline()));
        if (!policy.rules().isEmpty()) {
            item.put(POLICY, s(PolicyJson.encode(policy.rules())));
        }
        item.put(POLICY_PENDING, AttributeValue.fromBool(true));
        item.put(SINCE, n(now.toEpochMilli()));
        item.put(EXPIRES_AT, n(now.plus(ONLINE_TTL).getEpochSecond()));
        try {
            dynamoDb.putItem(r -> r.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#pk) OR attribute_not_exists(#conn) OR #exp <= :now")
                .expressionAttributeNames(Map.of("#pk", PK, "#conn", CONNECTION_ID, "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean takeOver(String tunnelId, String fromConnectionId, String toConnectionId, TunnelPolicy policy) {
        return writeOwner(tunnelId, toConnectionId, policy, true, "#conn = :from", Map.of(":from", s(fromConnectionId)));
    }

    @Override
    public boolean handOver(String tunnelId, String fromConnectionId, String toConnectionId) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key("T#" + tunnelId, "T"))
                .updateExpression("SET #next = :to")
                .conditionExpression("#conn = :from")
                .expressionAttributeNames(Map.of("#conn", CONNECTION_ID, "#next", NEXT_CONNECTION_ID))
                .expressionAttributeValues(Map.of(":from", s(fromConnectionId), ":to", s(toConnectionId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean open(String tunnelId, String connectionId, TunnelPolicy policy) {
        return writeOwner(tunnelId, connectionId, policy, false, "#conn = :owner OR #next = :owner", Map.of());
    }

    /**
     * Makes {@code connectionId} the tunnel's owner if {@code condition} holds, with {@code policy} replacing the one
     * before as on a claim (access digest, catch flag, and its rules or none), ending any hand-over.
     *
     * @param pending closed to public requests until {@link #open}
     */
    private boolean writeOwner(String tunnelId, String connectionId, TunnelPolicy policy, boolean pending, String condition,
                               Map<String, AttributeValue> conditionValues) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        values.put(":owner", s(connectionId));
        values.put(":since", n(now.toEpochMilli()));
        values.put(":exp", n(now.plus(ONLINE_TTL).getEpochSecond()));
        values.put(":catch", AttributeValue.fromBool(policy.catchWhileOffline()));
        List<String> set = new ArrayList<>(List.of("#conn = :owner", "#since = :since", "#exp = :exp", "#catch = :catch"));
        List<String> remove = new ArrayList<>(List.of("#next"));
        if (pending) {
            set.add("#pending = :pending");
            values.put(":pending", AttributeValue.fromBool(true));
        } else {
            remove.add("#pending");
        }
        policy.access().ifPresentOrElse(digest -> {
            set.add("#access = :access");
            values.put(":access", s(digest));
        }, () -> remove.add("#access"));
        if (policy.rules().isEmpty()) {
            remove.add("#policy");
        } else {
            set.add("#policy = :policy");
            values.put(":policy", s(PolicyJson.encode(policy.rules())));
        }
        String update = "SET " + String.join(", ", set) + " REMOVE " + String.join(", ", remove);
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key("T#" + tunnelId, "T"))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(OWNER_NAMES)
                .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean release(String tunnelId, String connectionId) {
        Instant now = clock.instant();
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key("T#" + tunnelId, "T"))
                .updateExpression("REMOVE #conn SET #exp = :exp, #since = :since")
                .conditionExpression("#conn = :conn")
                .expressionAttributeNames(Map.of("#conn", CONNECTION_ID, "#exp", EXPIRES_AT, "#since", SINCE))
                .expressionAttributeValues(Map.of(":conn", s(connectionId),
                    ":exp", n(now.plus(RESERVATION_TTL).getEpochSecond()), ":since", n(now.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Tunnel> tunnel(String tunnelId) {
        return get("T#" + tunnelId, "T").map(item -> new Tunnel(tunnelId, string(item, CONNECTION_ID), tunnelPolicy(tunnelId, item)));
    }

    /**
     * The tunnel item's policy. Rules this function cannot read (written by a newer version) keep the tunnel closed,
     * as pending rules do, rather than open it to everyone.
     */
    private static TunnelPolicy tunnelPolicy(String tunnelId, Map<String, AttributeValue> item) {
        TunnelPolicy policy = new TunnelPolicy(string(item, ACCESS), bool(item, CATCH));
        if (bool(item, POLICY_PENDING)) {
            return policy.awaitingRules();
        }
        Optional<String> rules = string(item, POLICY);
        if (rules.isEmpty()) {
            return policy;
        }
        try {
            return policy.withRules(PolicyJson.decode(rules.get()));
        } catch (InvalidPolicyException e) {
            LOG.log(System.Logger.Level.ERROR, "tunnel {0} stores traffic rules this function cannot read ({1}); it forwards "
                + "nothing until its agent connects again", tunnelId, e.getMessage());
            return policy.awaitingRules();
        }
    }

    @Override
    public void putConnection(ConnectionRecord connection) {
        Map<String, AttributeValue> item = key("C#" + connection.connectionId(), "C");
        item.put(TUNNEL_ID, s(connection.tunnelId()));
        item.put(CATCH, AttributeValue.fromBool(connection.policy().catchWhileOffline()));
        connection.policy().access().ifPresent(digest -> item.put(ACCESS, s(digest)));
        if (connection.policy().rulesPending()) {
            // the rules themselves live on the tunnel item only; this says that ready must bring them
            item.put(POLICY_PENDING, AttributeValue.fromBool(true));
        }
        item.put(SINCE, n(connection.connectedAt().toEpochMilli()));
        item.put(EXPIRES_AT, n(clock.instant().plus(ONLINE_TTL).getEpochSecond()));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Optional<ConnectionRecord> connection(String connectionId) {
        return get("C#" + connectionId, "C").map(item -> toConnection(connectionId, item));
    }

    @Override
    public Optional<ConnectionRecord> removeConnection(String connectionId) {
        Map<String, AttributeValue> old = dynamoDb.deleteItem(r -> r.tableName(table).key(key("C#" + connectionId, "C"))
            .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old == null || old.isEmpty() ? Optional.empty() : Optional.of(toConnection(connectionId, old));
    }

    /**
     * Counts the tunnel's kept requests on an item of their own — the tunnel item is replaced whole on every
     * claim — and keeps the request only while the tunnel is offline, catching, and under the limit.
     */
    @Override
    public Kept keep(String tunnelId, String key, String request, int limit) {
        Instant now = clock.instant();
        Optional<Tunnel> tunnel = tunnel(tunnelId);
        if (tunnel.isEmpty() || tunnel.get().online() || !tunnel.get().policy().catchWhileOffline()) {
            return Kept.NOT_CATCHING;
        }
        long expires = now.plus(CAUGHT_TTL).getEpochSecond();
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key("Q#" + tunnelId, CAUGHT_COUNT_SK))
                .updateExpression("SET #count = if_not_exists(#count, :zero) + :one, #exp = :exp")
                .conditionExpression("attribute_not_exists(#count) OR #count < :limit OR #exp <= :now")
                .expressionAttributeNames(Map.of("#count", COUNT, "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":limit", n(limit),
                    ":exp", n(expires), ":now", n(now.getEpochSecond()))));
        } catch (ConditionalCheckFailedException e) {
            return Kept.FULL;
        }
        Map<String, AttributeValue> item = key("Q#" + tunnelId, key);
        item.put(REQUEST, s(request));
        item.put(EXPIRES_AT, n(expires));
        dynamoDb.putItem(r -> r.tableName(table).item(item));
        return Kept.KEPT;
    }

    @Override
    public List<CaughtRequest> caught(String tunnelId) {
        long now = clock.instant().getEpochSecond();
        List<CaughtRequest> caught = new ArrayList<>();
        QueryRequest query = QueryRequest.builder().tableName(table).consistentRead(true)
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
            .expressionAttributeValues(Map.of(":pk", s("Q#" + tunnelId), ":prefix", s(CAUGHT_SK_PREFIX)))
            .build();
        dynamoDb.queryPaginator(query).items().forEach(item -> {
            if (!expired(item, now)) {
                caught.add(new CaughtRequest(tunnelId, item.get(SK).s(), item.get(REQUEST).s()));
            }
        });
        return caught;
    }

    @Override
    public boolean forgetCaught(String tunnelId, String key) {
        Map<String, AttributeValue> old = dynamoDb.deleteItem(r -> r.tableName(table).key(key("Q#" + tunnelId, key))
            .returnValues(ReturnValue.ALL_OLD)).attributes();
        if (old == null || old.isEmpty()) {
            return false;
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key("Q#" + tunnelId, CAUGHT_COUNT_SK))
                .updateExpression("SET #count = #count - :one")
                .conditionExpression("#count > :zero")
                .expressionAttributeNames(Map.of("#count", COUNT))
                .expressionAttributeValues(Map.of(":one", n(1), ":zero", n(0))));
        } catch (ConditionalCheckFailedException e) {
            // the count expired or was never there; nothing to give back
        }
        return true;
    }

    /** A key that sorts kept requests by arrival, unique even within one millisecond. */
    public static String caughtKey(Instant arrived, String nonce) {
        return CAUGHT_SK_PREFIX + String.format("%013d", arrived.toEpochMilli()) + "#" + nonce;
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(pk, sk)).consistentRead(true)).item();
        if (item == null || item.isEmpty() || expired(item, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        return Optional.of(item);
    }

    private static ConnectionRecord toConnection(String connectionId, Map<String, AttributeValue> item) {
        Instant since = Instant.ofEpochMilli(Long.parseLong(item.getOrDefault(SINCE, n(0)).n()));
        TunnelPolicy policy = new TunnelPolicy(string(item, ACCESS), bool(item, CATCH));
        return new ConnectionRecord(connectionId, string(item, TUNNEL_ID).orElse(""), since,
            bool(item, POLICY_PENDING) ? policy.awaitingRules() : policy);
    }

    /** TTL deletion is lazy (up to two days), so every read checks expiry itself. */
    private static boolean expired(Map<String, AttributeValue> item, long nowSeconds) {
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        return expiresAt == null || expiresAt.n() == null || Long.parseLong(expiresAt.n()) <= nowSeconds;
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    private static Optional<String> string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(PK, s(pk));
        key.put(SK, s(sk));
        return key;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
