package dev.porthole.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Turns {@link Message}s into JSON text and back. Thread-safe; there is one way to do this, and it is here. */
public final class MessageCodec {
    /*
     * Jackson's buffers come from a pool shared by all threads, not one per thread: the local backend's invocations
     * and relays run on virtual threads, each new, which found no buffers of their own and allocated them afresh
     * (tens of KB per message).
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
        // a newer peer may add fields: ignore them rather than refuse the message
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();

    private static final Map<Class<?>, String> TYPE_NAMES = Stream.of(Message.class.getAnnotation(JsonSubTypes.class).value())
        .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private MessageCodec() {
    }

    /** The {@code type} a message carries on the wire, e.g. {@code "ready"}. */
    public static String typeName(Message message) {
        return TYPE_NAMES.get(message.getClass());
    }

    public static String encode(Message message) {
        return new String(encodeToBytes(message), StandardCharsets.UTF_8);
    }

    public static byte[] encodeToBytes(Message message) {
        try {
            return MAPPER.writerFor(Message.class).writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * The {@link BodyChunk} carrying {@code body[from, to)}, encoded exactly as {@link #encodeToBytes} encodes
     * {@code new BodyChunk(id, seq, <base64 of that range>, last)}, but with the base64 written from the bytes straight
     * into the JSON: a large body is not turned into base64 text, then a String, then checked for characters to escape
     * (base64 has none), once per chunk.
     */
    public static byte[] encodeChunk(String id, int seq, byte[] body, int from, int to, boolean last) {
        BodyChunk empty = new BodyChunk(id, seq, "", last); // the record's own checks
        byte[] base64 = Base64.getEncoder().encode(ByteBuffer.wrap(body, from, to - from)).array();
        ByteArrayOutputStream out = new ByteArrayOutputStream(base64.length + id.length() * 6 + 64);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            // the fields in the order the record's serializer writes them: the type first, then the components
            json.writeStartObject();
            json.writeStringField("type", typeName(empty));
            json.writeStringField("id", id);
            json.writeNumberField("seq", seq);
            json.writeFieldName("data");
            json.writeRawUTF8String(base64, 0, base64.length);
            json.writeBooleanField("last", last);
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a body chunk", e);
        }
        return out.toByteArray();
    }

    public static Message decode(String text) throws ProtocolException {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads one message. Anything that is not a well-formed message of a known type, or is larger than
     * {@link Limits#MAX_RECEIVED_MESSAGE_BYTES}, is a {@link ProtocolException} whose code says which.
     */
    public static Message decode(byte[] utf8) throws ProtocolException {
        if (utf8.length > Limits.MAX_RECEIVED_MESSAGE_BYTES) {
            throw new ProtocolException(ErrorCode.MESSAGE_TOO_LARGE,
                "message of " + utf8.length + " bytes is over the " + Limits.MAX_RECEIVED_MESSAGE_BYTES + "-byte limit");
        }
        try {
            BodyChunk chunk = startsWith(utf8, CHUNK_START) ? chunkAsWritten(utf8) : null;
            if (chunk != null) {
                return chunk;
            }
            Message message = MAPPER.readValue(utf8, Message.class);
            if (message == null) {
                throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "message is JSON null");
            }
            return message;
        } catch (InvalidTypeIdException e) {
            String type = e.getTypeId();
            throw new ProtocolException(type == null ? ErrorCode.MALFORMED_MESSAGE : ErrorCode.UNKNOWN_TYPE,
                type == null ? "message has no \"type\" field" : "unknown message type \"" + truncate(type) + "\"", e);
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "not a valid message: " + firstLine(e), e);
        }
    }

    /** How every chunk Porthole writes begins (its type first, as {@link #encodeChunk} and the record's serializer write it). */
    private static final byte[] CHUNK_START = "{\"type\":\"body\",".getBytes(StandardCharsets.UTF_8);

    /**
     * A chunk read without Jackson copying its base64 into characters one by one and then into a String
     * ({@link RawStringParser}): base64 has nothing to escape, so the text between the quotes is the String as it is. Null for
     * anything but a chunk whose fields are all there and of their types — the general path reads those, and says
     * what is wrong with them, exactly as before.
     */
    private static BodyChunk chunkAsWritten(byte[] utf8) {
        try (JsonParser json = RawStringParser.over(MAPPER.getFactory(), utf8)) {
            if (json.nextToken() != JsonToken.START_OBJECT || !"type".equals(json.nextFieldName())
                || json.nextToken() != JsonToken.VALUE_STRING || !"body".equals(json.getText())) {
                return null;
            }
            String id = null;
            String data = null;
            int seq = 0;
            Boolean last = null;
            for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                JsonToken value = json.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT && json.getNumberType() == JsonParser.NumberType.INT ? json.getIntValue() : 0;
                    case "data" -> data = value == JsonToken.VALUE_STRING ? json.getText() : null;
                    case "last" -> last = value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE ? value == JsonToken.VALUE_TRUE : null;
                    case "type" -> {
                        return null;
                    }
                    default -> json.skipChildren(); // a newer peer's field
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null || id == null || data == null || seq < 1 || last == null) {
                return null;
            }
            return new BodyChunk(id, seq, data, last);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String firstLine(IOException e) {
        String text = e instanceof com.fasterxml.jackson.core.JacksonException je ? je.getOriginalMessage() : e.getMessage();
        if (text == null) {
            return e.getClass().getSimpleName();
        }
        int newline = text.indexOf('\n');
        return truncate(newline < 0 ? text : text.substring(0, newline));
    }

    private static String truncate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
