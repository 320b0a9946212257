package dev.porthole.backend.forward;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An HTTP API response with a binary body ({@code isBase64Encoded}), which keeps the body as bytes: the function's
 * output writes their base64 straight into its JSON ({@link #jsonModule()}), instead of encoding megabytes into a
 * String and then copying that String into the JSON character by character, checking each for escaping (base64 needs
 * none). What API Gateway receives is the same JSON; {@link #getBody()} gives the same base64 text as ever.
 */
public final class BinaryBodyResponse extends APIGatewayV2HTTPResponse {
    private final byte[] bytes;

    BinaryBodyResponse(int statusCode, Map<String, String> headers, List<String> cookies, byte[] bytes) {
        super(statusCode, headers, null, cookies, null, true);
        this.bytes = bytes;
    }

    /** The length of the body's base64 text. */
    static long base64Length(byte[] bytes) {
        return (bytes.length + 2L) / 3 * 4;
    }

    @Override
    public String getBody() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void setBody(String body) {
        throw new UnsupportedOperationException("a binary body is set when the response is made");
    }

    @Override
    public void setIsBase64Encoded(boolean isBase64Encoded) {
        if (!isBase64Encoded) {
            throw new UnsupportedOperationException("a binary body stays base64-encoded");
        }
    }

    /** Writes these responses as the bean serializer would (nulls left out), the body's base64 from its bytes. */
    public static Module jsonModule() {
        return new SimpleModule("porthole-binary-body").addSerializer(BinaryBodyResponse.class, new Serializer());
    }

    private static final class Serializer extends StdSerializer<BinaryBodyResponse> {
        Serializer() {
            super(BinaryBodyResponse.class);
        }

        @Override
        public void serialize(BinaryBodyResponse response, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartObject();
            json.writeNumberField("statusCode", response.getStatusCode());
            if (response.getHeaders() != null) {
                json.writeFieldName("headers");
                provider.defaultSerializeValue(response.getHeaders(), json);
            }
            if (response.getMultiValueHeaders() != null) {
                json.writeFieldName("multiValueHeaders");
                provider.defaultSerializeValue(response.getMultiValueHeaders(), json);
            }
            if (response.getCookies() != null) {
                json.writeFieldName("cookies");
                provider.defaultSerializeValue(response.getCookies(), json);
            }
            json.writeFieldName("body");
            byte[] base64 = Base64.getEncoder().encode(response.bytes);
            json.writeRawUTF8String(base64, 0, base64.length);
            json.writeBooleanField("isBase64Encoded", true);
            json.writeEndObject();
        }
    }
}
