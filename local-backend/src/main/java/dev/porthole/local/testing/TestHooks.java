package dev.porthole.local.testing;

import dev.porthole.local.iam.LocalIam;
import dev.porthole.local.lambda.Invocation;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a test can see and do inside a running local backend, in the manner of OkHttp's MockWebServer:
 * the exact events the function received, the open connections, and faults to inject.
 */
public final class TestHooks implements Consumer<Invocation> {
    private final List<Invocation> invocations = new ArrayList<>();
    private final List<ManagementCall> managementCalls = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong managementCallsOverHttp = new java.util.concurrent.atomic.AtomicLong();
    private final Connections connections;
    private final LocalIam iam;
    private volatile boolean recording;

    /** The gateway's side of the hooks. */
    public interface Connections {
        Set<String> open();

        /** Drops the connection without a close handshake, as a lost network or a killed process would. */
        void drop(String connectionId);

        /** API Gateway loses the connection silently: posts to it answer 410, its client hears nothing (half-open). */
        void forget(String connectionId);

        /** The connections an execution environment opened (its relay). */
        List<String> ownedBy(String environmentId);

        int executionEnvironments();

        /** Every idle execution environment is reclaimed now, as after a long quiet spell. */
        void reclaimIdleEnvironments();

        /** How many connections a WebSocket API of the template (by logical ID) has accepted so far. */
        long acceptedConnections(String apiLogicalId);

        /** Messages waiting for a frozen environment's connection to thaw. */
        int heldMessages(String connectionId);
    }

    public TestHooks(Connections connections, LocalIam iam) {
        this.connections = connections;
        this.iam = iam;
    }

    /**
     * The backend's own credentials (new at every start), allowed everything: for a test that inspects or seeds
     * the table through {@link dev.porthole.local.LocalBackend#dynamoDbEndpoint()}.
     */
    public AwsCredentials awsCredentials() {
        return iam.administrator().toSdk();
    }

    /** The credentials the function runs with: allowed only what the template's role allows. */
    public AwsCredentials functionAwsCredentials() {
        return iam.function().toSdk();
    }

    /** Starts keeping every invocation (off by default: events can be megabytes). */
    public synchronized void record() {
        recording = true;
        invocations.clear();
        managementCalls.clear();
    }

    @Override
    public synchronized void accept(Invocation invocation) {
        if (recording) {
            invocations.add(invocation);
            notifyAll();
        }
    }

    /**
     * One request to the Management API and how it was answered.
     *
     * @param inProcess true when it came from the function through its in-process SDK HTTP client, false over HTTP
     */
    public record ManagementCall(String method, String connectionId, int status, boolean inProcess) {
    }

    /**
     * What the Management API tells: a call as it arrives, before it can take effect (an agent's answer post is counted
     * before the caller it answers can see the answer), and the call as it was answered.
     */
    public interface ManagementCalls {
        void arrived(boolean inProcess);

        void answered(ManagementCall call);
    }

    /** The hooks' ear on the Management API. */
    public ManagementCalls managementApiObserver() {
        return new ManagementCalls() {
            @Override
            public void arrived(boolean inProcess) {
                if (!inProcess) {
                    managementCallsOverHttp.incrementAndGet();
                }
            }

            @Override
            public void answered(ManagementCall call) {
                managementCall(call);
            }
        };
    }

    /**
     * Management API calls that came over HTTP rather than from the function in process, since the start: what
     * agents post (their answers are AWS calls, made with their own SigV4 client rather than the AWS SDK's).
     */
    public long managementCallsOverHttp() {
        return managementCallsOverHttp.get();
    }

    private void managementCall(ManagementCall call) {
        if (recording) {
            synchronized (this) {
                managementCalls.add(call);
            }
        }
    }

    public synchronized List<ManagementCall> managementCalls() {
        return List.copyOf(managementCalls);
    }

    public synchronized List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    /** Waits until an invocation matches; fails the test with a clear message if none does in time. */
    public synchronized Invocation awaitInvocation(Predicate<Invocation> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Invocation invocation : invocations) {
                if (match.test(invocation)) {
                    return invocation;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching invocation within " + timeout + "; saw " + invocations.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public Set<String> openConnections() {
        return connections.open();
    }

    public void dropConnection(String connectionId) {
        connections.drop(connectionId);
    }

    public void forgetConnection(String connectionId) {
        connections.forget(connectionId);
    }

    public List<String> connectionsOf(String environmentId) {
        return connections.ownedBy(environmentId);
    }

    /** Messages API Gateway holds for the connection because the environment that opened it is frozen. */
    public int heldMessages(String connectionId) {
        return connections.heldMessages(connectionId);
    }

    public int executionEnvironments() {
        return connections.executionEnvironments();
    }

    /** How many relays have connected so far (each opening of one). */
    public long relaysOpened() {
        return connections.acceptedConnections("RelayApi");
    }

    /** The cold starts among the invocations recorded between two instants: those on a request's path, when it ran alone. */
    public synchronized List<Invocation> coldStartsBetween(java.time.Instant from, java.time.Instant to) {
        return invocations.stream().filter(Invocation::coldStart)
            .filter(i -> !i.startedAt().isBefore(from) && !i.startedAt().isAfter(to)).toList();
    }

    /** Every idle execution environment is reclaimed now: the next invocations start cold. */
    public void reclaimIdleEnvironments() {
        connections.reclaimIdleEnvironments();
    }
}
