package dev.porthole.local.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts AWS SDK calls by service and operation, for tests and the benchmark. Registered globally by
 * listing it in {@code software/amazon/awssdk/global/handlers/execution.interceptors} on a test classpath,
 * so the function's own clients are counted without knowing it.
 */
public final class AwsCallCounter implements ExecutionInterceptor {
    private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String name = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "." + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    public static void reset() {
        CALLS.clear();
    }

    /** Calls since the last reset, e.g. {@code {ApiGatewayManagementApi.PostToConnection=2}}. */
    public static Map<String, Long> calls() {
        Map<String, Long> snapshot = new TreeMap<>();
        CALLS.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }

    public static long total() {
        return CALLS.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
