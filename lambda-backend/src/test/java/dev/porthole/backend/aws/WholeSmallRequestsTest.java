package dev.porthole.backend.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class WholeSmallRequestsTest {

    private static SdkHttpRequest send(long length) {
        SdkHttpRequest request = SdkHttpRequest.builder().uri(URI.create("https://example.com/@connections/x"))
            .method(SdkHttpMethod.POST).putHeader("Content-Length", Long.toString(length)).putHeader("Content-Type", "application/json").build();
        Context.ModifyHttpRequest context = InterceptorContext.builder()
            .request(software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest.builder().build())
            .httpRequest(request).build();
        return new WholeSmallRequests().modifyHttpRequest(context, new ExecutionAttributes());
    }

    @Test
    void smallBodiesLoseTheHeaderThatWouldMakeThemStream() {
        assertThat(send(32_000).firstMatchingHeader("Content-Length")).isEmpty();
        assertThat(send(32_000).firstMatchingHeader("Content-Type")).contains("application/json");
    }

    @Test
    void largeBodiesStillStream() {
        assertThat(send(5_000_000).firstMatchingHeader("Content-Length")).contains("5000000");
    }
}
