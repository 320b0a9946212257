package dev.porthole.backend.relay;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs a relay's WebSocket upgrade with the function's own credentials (SigV4, service {@code execute-api}): the
 * relay API's {@code $connect} is IAM-authorised, so only this function's role can open relays. The signature covers
 * the request as the WebSocket client sends it — {@code GET}, the URL's path and query, its {@code Host}.
 */
public final class RelaySigning {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final AwsCredentialsProvider credentials;
    private final Region region;

    public RelaySigning(AwsCredentialsProvider credentials, Region region) {
        this.credentials = credentials;
        this.region = region;
    }

    /** The headers to add to the upgrade request of {@code websocketUrl}: Authorization, X-Amz-Date and, with a session, its token. */
    Map<String, String> headersFor(URI websocketUrl) {
        String scheme = "wss".equalsIgnoreCase(websocketUrl.getScheme()) ? "https" : "http";
        SdkHttpRequest request = SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create(scheme + websocketUrl.toString().substring(websocketUrl.getScheme().length())))
            .build();
        SdkHttpRequest signed = SIGNER.sign(r -> r.identity(credentials.resolveCredentials())
            .request(request)
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
            .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())).request();
        Map<String, String> headers = new LinkedHashMap<>();
        signed.forEachHeader((name, values) -> {
            // the WebSocket client writes Host itself, from the same URL
            if (!name.equalsIgnoreCase("host") && !values.isEmpty()) {
                headers.put(name, String.join(",", (List<String>) values));
            }
        });
        return headers;
    }
}
