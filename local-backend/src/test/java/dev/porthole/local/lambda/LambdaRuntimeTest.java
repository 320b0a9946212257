package dev.porthole.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.porthole.probe.RuntimeProbeFunction;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runtime keeps Lambda's rules, each shown with a real function in real environments. */
class LambdaRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final List<LambdaRuntime> runtimes = new ArrayList<>();

    @AfterEach
    void stop() {
        runtimes.forEach(LambdaRuntime::close);
    }

    private LambdaRuntime runtime(RuntimeSettings settings, boolean snapStart, Duration timeout, Map<String, String> environment) {
        LambdaRuntime runtime = new LambdaRuntime(FunctionSpec.of("probe", RuntimeProbeFunction.class.getName(), environment,
            timeout, 512, Optional.empty(), snapStart), settings, invocations::add);
        runtimes.add(runtime);
        runtime.start();
        return runtime;
    }

    private LambdaRuntime runtime(RuntimeSettings settings) {
        return runtime(settings, false, Duration.ofSeconds(30), Map.of());
    }

    private static byte[] event(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode answer(CompletableFuture<byte[]> invocation) throws Exception {
        return JSON.readTree(invocation.get(20, TimeUnit.SECONDS));
    }

    private static LambdaException failure(CompletableFuture<byte[]> invocation) throws InterruptedException {
        try {
            invocation.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (LambdaException) e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the invocation neither answered nor failed", e);
        }
        throw new AssertionError("the invocation succeeded");
    }

    @Test
    void eachEnvironmentRunsOneInvocationAtATimeAndPastTheLimitLambdaThrottles() throws Exception {
        LambdaRuntime runtime = runtime(RuntimeSettings.fast().withConcurrency(3));
        List<CompletableFuture<byte[]>> busy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            busy.add(runtime.invoke(event("{\"sleep\":600}")));
        }
        // the limit is reached while the three sleep: a fourth is refused at once, never queued
        LambdaException throttled = failure(runtime.invoke(event("{}")));
        assertThat(throttled.kind()).isEqualTo(LambdaException.Kind.THROTTLED);
        assertThat(throttled.refusedByLambda()).isTrue();
        Set<Integer> instances = new HashSet<>();
        for (CompletableFuture<byte[]> invocation : busy) {
            instances.add(answer(invocation).path("instance").asInt());
        }
        assertThat(instances).as("three concurrent invocations ran in three environments").hasSize(3);
        assertThat(runtime.environments()).isEqualTo(3);
        JsonNode again = answer(runtime.invoke(event("{}")));
        assertThat(instances).as("a free environment is reused").contains(again.path("instance").asInt());
        assertThat(invocations.getLast().coldStart()).isFalse();
    }

    @Test
    void aNewEnvironmentWaitsOutItsColdStartAndTheInvocationSaysSo() throws Exception {
        LambdaRuntime runtime = runtime(RuntimeSettings.fast().withColdStart(Duration.ofMillis(400)));
        answer(runtime.invoke(event("{}")));
        Invocation first = invocations.getLast();
        assertThat(first.coldStart()).isTrue();
        assertThat(first.firstAfterStart()).isTrue();
        assertThat(first.coldStartTime()).isBetween(Duration.ofMillis(320), Duration.ofMillis(2_000));
        answer(runtime.invoke(event("{}")));
        Invocation second = invocations.getLast();
        assertThat(second.coldStart()).isFalse();
        assertThat(second.coldStartTime()).isZero();
        assertThat(second.environmentId()).isEqualTo(first.environmentId());
    }

    @Test
    void withSnapStartTheSnapshotIsPrimedOnceAndEveryNewEnvironmentRunsAfterRestore() throws Exception {
        LambdaRuntime runtime = runtime(RuntimeSettings.fast().withIsolation(true), true, Duration.ofSeconds(30), Map.of());
        List<CompletableFuture<byte[]>> two = List.of(runtime.invoke(event("{\"sleep\":300}")), runtime.invoke(event("{\"sleep\":300}")));
        for (CompletableFuture<byte[]> invocation : two) {
            JsonNode answer = answer(invocation);
            assertThat(answer.path("hooks").toString()).isEqualTo("[\"beforeCheckpoint\",\"afterRestore\"]");
            // each environment has its own class loader: static state is not shared
            assertThat(answer.path("constructed").asInt()).isEqualTo(1);
            assertThat(answer.path("loader").asText()).startsWith("function-env-");
        }
    }

    @Test
    void withoutIsolationEnvironmentsShareStaticStateButStillHaveTheirOwnHooks() throws Exception {
        LambdaRuntime runtime = runtime(RuntimeSettings.fast(), true, Duration.ofSeconds(30), Map.of());
        List<CompletableFuture<byte[]>> two = List.of(runtime.invoke(event("{\"sleep\":300}")), runtime.invoke(event("{\"sleep\":300}")));
        for (CompletableFuture<byte[]> invocation : two) {
            // the shared code was primed by the snapshot; each environment's own hooks still run after its restore
            assertThat(answer(invocation).path("hooks").toString()).isEqualTo("[\"afterRestore\"]");
        }
    }

    @Test
    void anInitialisationThatLeavesAThreadOrAConnectionBehindIsRefusedLoudly() throws Exception {
        assertThatThrownBy(() -> runtime(RuntimeSettings.fast().withIsolation(true), true, Duration.ofSeconds(30), Map.of("LEAK", "thread")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("SnapStart")
            .hasMessageContaining("left-behind-by-init");
        try (ServerSocket server = new ServerSocket(0)) {
            assertThatThrownBy(() -> runtime(RuntimeSettings.fast(), true, Duration.ofSeconds(30),
                Map.of("LEAK", "socket", "LEAK_PORT", Integer.toString(server.getLocalPort()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 open network connection");
        }
        // without SnapStart there is no snapshot to freeze anything into
        runtime(RuntimeSettings.fast(), false, Duration.ofSeconds(30), Map.of("LEAK", "thread"));
    }

    @Test
    void anInvocationPastTheTimeoutFailsAndItsEnvironmentIsDiscarded() throws Exception {
        LambdaRuntime runtime = runtime(RuntimeSettings.fast(), false, Duration.ofMillis(700), Map.of());
        int before = answer(runtime.invoke(event("{}"))).path("instance").asInt();
        LambdaException timedOut = failure(runtime.invoke(event("{\"sleep\":5000}")));
        assertThat(timedOut.kind()).isEqualTo(LambdaException.Kind.TIMEOUT);
        assertThat(timedOut.getMessage()).startsWith("Task timed out after");
        JsonNode after = answer(runtime.invoke(event("{}")));
        assertThat(after.path("instance").asInt()).as("a new environment, not the timed-out one").isNotEqualTo(before);
        assertThat(invocations.getLast().coldStart()).isTrue();
    }

    @Test
    void eventsAndAnswersOverThePayloadLimitAreRefusedAsLambdaRefusesThem() throws Exception {
        LambdaRuntime runtime = runtime(RuntimeSettings.fast().withPayloadLimit(1000));
        LambdaException tooBig = failure(runtime.invoke(event("{\"pad\":\"" + "x".repeat(1000) + "\"}")));
        assertThat(tooBig.kind()).isEqualTo(LambdaException.Kind.REQUEST_TOO_LARGE);
        assertThat(runtime.environments()).as("the function never ran").isZero();
        LambdaException answerTooBig = failure(runtime.invoke(event("{\"bytes\":1001}")));
        assertThat(answerTooBig.kind()).isEqualTo(LambdaException.Kind.RESPONSE_TOO_LARGE);
        assertThat(runtime.invoke(event("{\"bytes\":1000}")).get(5, TimeUnit.SECONDS)).hasSize(1000);
    }

    @Test
    void frozenEnvironmentsAreThawedForTheirNextInvocationAndReclaimedAbruptlyWhenIdle() throws Exception {
        List<String> lives = new CopyOnWriteArrayList<>();
        LambdaRuntime runtime = runtime(RuntimeSettings.fast().withFreeze(true)
            .withReclaimAfter(Duration.ofMillis(300), Duration.ofMillis(400)));
        runtime.addEnvironmentListener(new LambdaRuntime.EnvironmentListener() {
            @Override
            public void thawed(String id) {
                lives.add("thawed " + id);
            }

            @Override
            public void frozen(String id) {
                lives.add("frozen " + id);
            }

            @Override
            public void ended(String id, boolean abrupt) {
                lives.add("ended " + id + (abrupt ? " abruptly" : ""));
            }
        });
        answer(runtime.invoke(event("{}")));
        answer(runtime.invoke(event("{}")));
        String id = invocations.getLast().environmentId();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // an environment is gone from the count just before its listeners hear that it ended: wait for both
        while ((runtime.environments() > 0 || lives.size() < 4) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(runtime.environments()).isZero();
        assertThat(lives).containsExactly("frozen " + id, "thawed " + id, "frozen " + id, "ended " + id + " abruptly");
        answer(runtime.invoke(event("{}")));
        assertThat(invocations.getLast().coldStart()).as("after a reclaim the next invocation starts cold").isTrue();
    }
}
