package dev.porthole.backend.aws;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.function.Supplier;

/**
 * Runs AWS calls for priming only: each goes through the SDK's real path — marshalling, endpoint resolution,
 * credentials, SigV4 signing — and is stopped just before it would be sent, so priming loads and warms that code
 * without opening a connection that a SnapStart snapshot would freeze.
 */
public final class Priming implements ExecutionInterceptor {
    private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

    /** How a primed call ends; the SDK rebuilds the exception on its way out, so it is recognised by this message. */
    static final String NOT_SENT = "porthole priming: built and signed, deliberately not sent";

    /** The call was primed and deliberately not sent. */
    public static final class NotSent extends SdkClientException {
        NotSent() {
            super(SdkClientException.builder().message(NOT_SENT));
        }
    }

    private static boolean isNotSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NotSent || t.getMessage() != null && t.getMessage().startsWith(NOT_SENT)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (ACTIVE.get()) {
            throw new NotSent();
        }
    }

    /** Runs {@code call} with sending disabled on this thread; the call's NotSent ending is expected. */
    public void prime(Supplier<?> call) {
        ACTIVE.set(true);
        try {
            call.get();
        } catch (SdkClientException e) {
            if (!isNotSent(e)) {
                throw e;
            }
            // the request was built and signed: what priming is for
        } finally {
            ACTIVE.set(false);
        }
    }
}
