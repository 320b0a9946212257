package dev.porthole.local.iam.sigv4;

import dev.porthole.local.iam.credentials.CredentialStore;
import dev.porthole.local.iam.credentials.IssuedCredentials;
import dev.porthole.local.iam.identity.Principal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What checking a signature costs a request: printed, not asserted (the machine is shared). */
class VerificationCostTest {

    @Test
    void printsTheCostOfVerifyingADynamoDbSizedRequest() {
        CredentialStore store = new CredentialStore(Clock.systemUTC());
        IssuedCredentials credentials = store.issueLongTerm(new Principal.Administrator("000000000000"));
        byte[] body = ("{\"TableName\":\"porthole-local-Table\",\"Key\":{\"pk\":{\"S\":\"T#abc\"},\"sk\":{\"S\":\"T\"}}," 
            + "\"ConsistentRead\":true}").getBytes(StandardCharsets.UTF_8);
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.toSdk())
            .request(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("http://127.0.0.1:8000/"))
                .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem").putHeader("Content-Type", "application/x-amz-json-1.0").build())
            .payload(ContentStreamProvider.fromByteArray(body))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.systemUTC()));
        List<SignedRequest.Header> headers = new ArrayList<>();
        signed.request().forEachHeader((name, values) -> values.forEach(v -> headers.add(new SignedRequest.Header(name, v))));
        if (signed.request().firstMatchingHeader("Host").isEmpty()) {
            headers.add(new SignedRequest.Header("Host", "127.0.0.1:8000"));
        }
        SignedRequest request = SignedRequest.of("POST", "/", "", headers, body);
        SigV4Verifier verifier = new SigV4Verifier(store, Clock.systemUTC());

        int warmup = 150_000;
        int measured = 100_000;
        for (int i = 0; i < warmup; i++) {
            assertThat(verifier.verify(request, "dynamodb", "us-east-1")).isInstanceOf(Verification.Verified.class);
        }
        long start = System.nanoTime();
        for (int i = 0; i < measured; i++) {
            verifier.verify(request, "dynamodb", "us-east-1");
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / measured;
        System.out.printf("SigV4 verification of a %d-byte GetItem: %.1f µs per request (%d requests)%n", body.length, micros, measured);
    }
}
