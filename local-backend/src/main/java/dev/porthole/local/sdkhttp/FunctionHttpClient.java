package dev.porthole.local.sdkhttp;

import dev.porthole.local.gateway.RequestBodies;
import dev.porthole.local.iam.sigv4.SignedRequest;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The function's SDK HTTP client in the local backend. A call to a service the emulator serves in process (its
 * Management APIs) is handed to it as the request the SDK would have sent — the same signed headers and body, so
 * the same SigV4, IAM and throttle checks — on the calling thread, with no socket; the answer comes back as the
 * HTTP answer would, so the SDK raises the same exceptions. Everything else goes to the url-connection client, as
 * on AWS.
 */
final class FunctionHttpClient implements SdkHttpClient {
    private final SdkHttpClient network;

    FunctionHttpClient(AttributeMap serviceDefaults) {
        this.network = UrlConnectionHttpClient.builder().buildWithDefaults(serviceDefaults);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        SdkHttpRequest http = request.httpRequest();
        Optional<InProcessEndpoint> endpoint = InProcessEndpoints.find(authority(http));
        if (endpoint.isEmpty()) {
            return network.prepareRequest(request);
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                SignedRequest signed = signedRequest(http, request.contentStreamProvider());
                Optional<InProcessEndpoint.Answer> answer = endpoint.get().answer(signed);
                if (answer.isEmpty()) {
                    return network.prepareRequest(request).call();
                }
                return response(answer.get());
            }

            @Override
            public void abort() {
                // nothing waits on a socket: the call runs on the caller's thread and ends with it
            }
        };
    }

    /** {@code host:port} as the request's URL names it. */
    private static String authority(SdkHttpRequest http) {
        return http.host() + ":" + http.port();
    }

    /** The request as url-connection would put it on the wire: the path and query still encoded, a Host header. */
    static SignedRequest signedRequest(SdkHttpRequest http, Optional<ContentStreamProvider> content) throws IOException {
        List<SignedRequest.Header> headers = new ArrayList<>();
        http.forEachHeader((name, values) -> values.forEach(v -> headers.add(new SignedRequest.Header(name, v))));
        if (http.firstMatchingHeader("Host").isEmpty()) {
            boolean defaultPort = http.port() == (http.protocol().equals("https") ? 443 : 80);
            headers.add(new SignedRequest.Header("Host", defaultPort ? http.host() : http.host() + ":" + http.port()));
        }
        byte[] body = new byte[0];
        if (content.isPresent()) {
            try (InputStream in = content.get().newStream()) {
                // the SDK's stream of the bytes it marshalled knows how many there are: one array of that size
                body = RequestBodies.read(in, in.available(), Integer.MAX_VALUE - 1);
            }
        }
        return SignedRequest.of(http.method().name(), http.encodedPath(), http.encodedQueryParameters().orElse(""), headers, body);
    }

    private static HttpExecuteResponse response(InProcessEndpoint.Answer answer) {
        SdkHttpResponse.Builder head = SdkHttpResponse.builder().statusCode(answer.status())
            .statusText(org.eclipse.jetty.http.HttpStatus.getMessage(answer.status()));
        answer.headers().forEach(head::putHeader);
        head.putHeader("Content-Length", Integer.toString(answer.body().length));
        return HttpExecuteResponse.builder()
            .response(head.build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())))
            .build();
    }

    @Override
    public String clientName() {
        return "PortholeLocal";
    }

    @Override
    public void close() {
        network.close();
    }
}
