package dev.porthole.deploy.testing;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Just enough JSON for the fake AWS answers: written from maps and lists, read with the SDK's own parser. */
final class Json {

    private Json() {
    }

    static JsonNode parse(String text) {
        return JsonNode.parser().parse(text.isBlank() ? "{}" : text);
    }

    /** A string field of an object, or null. */
    static String text(JsonNode object, String field) {
        return object.field(field).filter(n -> n.isString()).map(JsonNode::asString).orElse(null);
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (entry.getValue() == null) {
                        continue;
                    }
                    out.append(first ? "" : ",");
                    first = false;
                    write(String.valueOf(entry.getKey()), out);
                    out.append(':');
                    write(entry.getValue(), out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(list.get(i), out);
                }
                out.append(']');
            }
            case Number number -> out.append(number);
            case Boolean bool -> out.append(bool);
            default -> {
                out.append('"');
                for (char c : String.valueOf(value).toCharArray()) {
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        case '\t' -> out.append("\\t");
                        default -> {
                            if (c < 0x20) {
                                out.append(String.format("\\u%04x", (int) c));
                            } else {
                                out.append(c);
                            }
                        }
                    }
                }
                out.append('"');
            }
        }
    }
}
