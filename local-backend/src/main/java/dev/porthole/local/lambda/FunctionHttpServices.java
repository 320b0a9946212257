package dev.porthole.local.lambda;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * What the function's class loader lists as the AWS SDK's HTTP clients ({@code ServiceLoader} of
 * {@code software.amazon.awssdk.http.SdkHttpService}): the emulator's {@code FunctionHttpService} alone, in place of
 * url-connection's entry — it answers the services the emulator runs itself in process and hands everything else to
 * url-connection. Only the function sees it: the rest of this process (the desktop app, the agent) finds the SDK's
 * HTTP clients as before.
 */
final class FunctionHttpServices {
    static final String SERVICES = "META-INF/services/software.amazon.awssdk.http.SdkHttpService";
    private static final URL EMULATOR = Objects.requireNonNull(
        FunctionHttpServices.class.getResource("/dev/porthole/local/sdkhttp/SdkHttpService"), "the emulator's SdkHttpService entry");

    private FunctionHttpServices() {
    }

    static Enumeration<URL> entries() {
        return Collections.enumeration(List.of(EMULATOR));
    }
}
