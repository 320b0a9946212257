package dev.porthole.local.sdkhttp;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The AWS SDK's service-provider entry for {@link FunctionHttpClient}, which the Lambda runtime lists on the
 * function's class loader (and only there): the function finds it through {@code ServiceLoader}, as on AWS it finds
 * the url-connection client.
 */
public final class FunctionHttpService implements SdkHttpService {

    @Override
    public SdkHttpClient.Builder createHttpClientBuilder() {
        return new Builder();
    }

    private static final class Builder implements SdkHttpClient.Builder<Builder> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            return new FunctionHttpClient(serviceDefaults);
        }
    }
}
