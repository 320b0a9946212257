package dev.porthole.backend.aws;

import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService;
import software.amazon.awssdk.utils.AttributeMap;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The HTTP client the SDK clients share, found the way the SDK finds one, through its service-provider interface
 * ({@link SdkHttpService} by {@link ServiceLoader} on the function's class loader): the class the
 * {@code software.amazon.awssdk.http.service.impl} setting names, otherwise the only one listed. In the Lambda
 * runtime that is the url-connection client, the only one the function's jar carries; the local backend lists an
 * in-process one there instead (docs/architecture.md, "The local backend"). With none or several listed, and none
 * named, it is url-connection.
 */
final class HttpClients {
    private HttpClients() {
    }

    static SdkHttpClient create(Duration connectionTimeout, Duration readTimeout) {
        AttributeMap settings = AttributeMap.builder()
            .put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, connectionTimeout)
            .put(SdkHttpConfigurationOption.READ_TIMEOUT, readTimeout)
            .build();
        return service().createHttpClientBuilder().buildWithDefaults(settings);
    }

    private static SdkHttpService service() {
        List<SdkHttpService> listed = ServiceLoader.load(SdkHttpService.class).stream().map(ServiceLoader.Provider::get).toList();
        var named = SdkSystemSetting.SYNC_HTTP_SERVICE_IMPL.getStringValue();
        if (named.isPresent()) {
            return listed.stream().filter(s -> s.getClass().getName().equals(named.get())).findFirst()
                .orElseThrow(() -> new IllegalStateException(SdkSystemSetting.SYNC_HTTP_SERVICE_IMPL.property() + " names "
                    + named.get() + ", which is not on the function's class path"));
        }
        return listed.size() == 1 ? listed.get(0) : new UrlConnectionSdkHttpService();
    }
}
