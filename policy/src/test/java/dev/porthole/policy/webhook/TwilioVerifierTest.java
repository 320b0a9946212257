package dev.porthole.policy.webhook;

import dev.porthole.policy.PolicyRequest;
import dev.porthole.policy.VerifyWebhook;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static dev.porthole.policy.webhook.Deliveries.secret;
import static dev.porthole.policy.webhook.Deliveries.verify;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's published examples. Form POST: "Webhooks security", https://www.twilio.com/docs/usage/webhooks/webhooks-security
 * (Auth Token 12345, URL https://mycompany.com/myapp.php?foo=1&bar=2, parameters CallSid, Caller, Digits, From,
 * To; signature 0/KCTR6DLpKmkAf8muzZqo1nDgQ=; earlier editions of the page used other phone numbers and
 * GvWf1cFY/Q7PnoempGyD5oXAezc=). JSON body and ports: Twilio's twilio-java RequestValidatorTest
 * (src/test/java/com/twilio/security/RequestValidatorTest.java), same token and URL.
 */
class TwilioVerifierTest {
    private static final VerifyWebhook RULE = VerifyWebhook.twilio(secret("12345"));
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String FORM = "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212";
    private static final String FORM_SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
    private static final String JSON = "{\"property\": \"value\", \"boolean\": true}";
    private static final String BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static PolicyRequest request(String method, String url, String contentType, String body, String signature) {
        PolicyRequest.Builder b = PolicyRequest.builder("sms", method, "/myapp.php", NOW)
            .headers(HttpHeaders.of("content-type", contentType, "x-twilio-signature", signature))
            .body(body.getBytes(StandardCharsets.UTF_8));
        return (url == null ? b : b.publicUrl(url)).build();
    }

    private static Verification form(String url, String body, String signature) {
        return verify(RULE, request("POST", url, "application/x-www-form-urlencoded", body, signature));
    }

    @Test
    void twiliosPublishedFormExamplePassesInAnyParameterOrder() {
        assertThat(form(URL, FORM, FORM_SIGNATURE).isValid()).isTrue();
        String shuffled = "To=%2B18005551212&Digits=1234&Caller=%2B12349013030&From=%2B12349013030&CallSid=CA1234567890ABCDE";
        assertThat(form(URL, shuffled, FORM_SIGNATURE).isValid()).isTrue();
        String older = "CallSid=CA1234567890ABCDE&Caller=%2B14158675310&Digits=1234&From=%2B14158675310&To=%2B18005551212";
        assertThat(form(URL, older, "GvWf1cFY/Q7PnoempGyD5oXAezc=").isValid()).as("the page's earlier example").isTrue();
    }

    @Test
    void aTamperedParameterUrlOrSignatureIsRefused() {
        assertThat(form(URL, FORM.replace("Digits=1234", "Digits=9999"), FORM_SIGNATURE).problem())
            .contains("the X-Twilio-Signature signature does not match the URL and parameters");
        assertThat(form(URL, FORM + "&Extra=1", FORM_SIGNATURE).isValid()).isFalse();
        assertThat(form(URL.replace("foo=1", "foo=2"), FORM, FORM_SIGNATURE).isValid()).isFalse();
        assertThat(form("https://evil.example/myapp.php?foo=1&bar=2", FORM, FORM_SIGNATURE).isValid()).isFalse();
        assertThat(form(URL, FORM, "1" + FORM_SIGNATURE.substring(1)).isValid()).isFalse();
    }

    @Test
    void theUrlIsTriedWithAndWithoutItsPortAsTwiliosLibrariesDo() {
        String params = "Digits=1234&CallSid=CA1234567890ABCDE&To=%2B18005551212&Caller=%2B14158675309&From=%2B14158675309";
        assertThat(form(URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").isValid()).isTrue();
        assertThat(form(URL.replace(".com", ".com:1234"), params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").isValid()).as("port removed").isTrue();
        assertThat(form(URL, params, "kvajT1Ptam85bY51eRf/AJRuM3w=").isValid()).as("signed with :443").isTrue();
        assertThat(form(URL.replace("https", "http"), params, "0ZXoZLH/DfblKGATFgpif+LLRf4=").isValid()).as("signed with :80").isTrue();
    }

    @Test
    void aJsonBodyIsCheckedThroughTheBodyHashInTheUrl() {
        String url = URL + "&bodySHA256=" + BODY_HASH;
        assertThat(verify(RULE, request("POST", url, "application/json", JSON, "a9nBmqA0ju/hNViExpshrM61xv4=")).isValid()).isTrue();
        String alone = "https://mycompany.com/myapp.php?bodySHA256=" + BODY_HASH;
        assertThat(verify(RULE, request("POST", alone, "application/json", JSON, "y77kIzt2vzLz71DgmJGsen2scGs=")).isValid()).isTrue();

        assertThat(verify(RULE, request("POST", url, "application/json", JSON.replace("value", "other"), "a9nBmqA0ju/hNViExpshrM61xv4=")).problem())
            .contains("the body does not match the URL's bodySHA256 parameter");
        assertThat(verify(RULE, request("POST", URL, "application/json", JSON, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isValid())
            .as("a JSON body without bodySHA256 in the URL").isFalse();
    }

    @Test
    void withoutThePublicUrlTheSignatureCannotBeCheckedAndTheRequestIsRefused() {
        assertThat(form(null, FORM, FORM_SIGNATURE).problem())
            .contains("the URL this request was sent to is unknown, so its Twilio signature cannot be checked");
    }

    @Test
    void aMissingOrMalformedHeaderSaysSo() {
        PolicyRequest none = PolicyRequest.builder("sms", "POST", "/", NOW).publicUrl(URL).build();
        assertThat(verify(RULE, none).problem()).contains("the X-Twilio-Signature header is missing");
        assertThat(form(URL, FORM, "abc").problem()).contains("the X-Twilio-Signature header is not a base64 HMAC-SHA1");
    }

    @Test
    void formParametersAreSortedByNameThenValue() {
        assertThat(TwilioVerifier.sortedFormParameters("b=2&a=1&a=0&c+d=e%20f".getBytes(StandardCharsets.UTF_8))).contains("a0a1b2c de f");
        assertThat(TwilioVerifier.sortedFormParameters("a=%zz".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
