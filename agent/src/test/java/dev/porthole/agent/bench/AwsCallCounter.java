package dev.porthole.agent.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every AWS API call the backend's SDK clients make, by service and operation. The SDK finds it through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, which only the benchmark's classpath
 * has (src/bench/resources), so every client — including the ones the Lambda handler builds — uses it.
 *
 * <p>The counts live in the system properties, not in a static field: the local backend may load the function's
 * classes, this one included, through a class loader per execution environment, as separate Lambda
 * environments would, and every copy of this class must count into the same place.
 */
public final class AwsCallCounter implements ExecutionInterceptor {
    private static final String KEY = "porthole.benchmark.awsCalls";

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        counts().computeIfAbsent(service + "." + operation, k -> new LongAdder()).increment();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, LongAdder> counts() {
        return (Map<String, LongAdder>) System.getProperties().computeIfAbsent(KEY, k -> new ConcurrentHashMap<String, LongAdder>());
    }

    /** Calls counted so far, by {@code Service.Operation}. */
    static Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts().forEach((name, n) -> copy.put(name, n.sum()));
        return copy;
    }

    static void reset() {
        counts().clear();
    }
}
