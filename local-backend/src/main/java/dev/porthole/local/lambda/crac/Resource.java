package dev.porthole.local.lambda.crac;

/**
 * The CRaC resource interface as the Lambda runtime provides it to {@code org.crac}: the function's {@code org.crac}
 * library finds this package through the {@code org.crac.Core.Compat} system property and registers the function's
 * resources here, so the local runtime can run their SnapStart hooks the way Lambda does.
 */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
