package dev.porthole.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porthole.policy.ip.IpRange;
import dev.porthole.policy.path.PathPattern;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON form of a {@link TrafficPolicy}: what the agent sends at connect, what the tunnel's DynamoDB item stores
 * and what the policy file's YAML mirrors. It is versioned ({@code "version": 1}), compact (defaults are left out)
 * and stable (the same policy always encodes to the same text), and at most {@value #MAX_ENCODED_BYTES} bytes, so
 * it fits a DynamoDB item and one WebSocket message with room to spare.
 *
 * <pre>{@code
 * {"version":1,"rules":[
 *   {"kind":"restrict-ips","allow":["203.0.113.0/24"]},
 *   {"kind":"verify-webhook","match":{"methods":["POST"],"path":"/hooks/github"},"provider":"github","secret":"…"},
 *   {"kind":"rate-limit","limit":60,"per":"minute"},
 *   {"kind":"fixed-response","match":{"path":"/robots.txt"},"status":200,"body":"User-agent: *\nDisallow: /\n"},
 *   {"kind":"fallback-response","when":["tunnel-offline"],"status":503,"headers":{"Retry-After":"300"},"body":"…"}]}
 * }</pre>
 *
 * {@link #encode} carries the secrets themselves: it is for the backend only. {@link #encodeRedacted} is the form
 * to show (control API, app), with each secret as {@code {"redacted":"…9f3a"}}; it cannot be decoded back.
 */
public final class PolicyJson {
    public static final int VERSION = 1;
    /** A whole encoded policy: well inside DynamoDB's 400 KB item and API Gateway's 128 KB WebSocket message. */
    public static final int MAX_ENCODED_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PolicyJson() {
    }

    /** The policy with its secrets, for the backend. */
    public static String encode(TrafficPolicy policy) {
        return toTree(policy, false).toString();
    }

    /** The policy with each secret shown only as its {@link Secret#redacted()} form, for people. */
    public static String encodeRedacted(TrafficPolicy policy) {
        return toTree(policy, true).toString();
    }

    static int encodedSize(TrafficPolicy policy) {
        return encode(policy).getBytes(StandardCharsets.UTF_8).length;
    }

    /** @throws InvalidPolicyException naming the rule (by position and kind) and the field that is wrong */
    public static TrafficPolicy decode(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidPolicyException("", "the policy is empty");
        }
        if (json.length() > MAX_ENCODED_BYTES || json.getBytes(StandardCharsets.UTF_8).length > MAX_ENCODED_BYTES) {
            throw new InvalidPolicyException("", "the policy is larger than " + MAX_ENCODED_BYTES + " bytes");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidPolicyException("", "the policy is not valid JSON (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")");
        }
        return decode(tree);
    }

    /** From a tree already parsed (the agent's YAML reader builds one, knowing each node's line). */
    public static TrafficPolicy decode(JsonNode tree) {
        Fields top = Fields.of(tree, "", "the policy");
        top.only("version", "rules");
        JsonNode version = top.required("version");
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new InvalidPolicyException("/version", "version must be a number: version: " + VERSION);
        }
        if (version.intValue() != VERSION) {
            throw new InvalidPolicyException("/version", "this policy is version " + version.intValue()
                + "; this Porthole reads version " + VERSION + (version.intValue() > VERSION ? " (update Porthole to use it)" : ""));
        }
        JsonNode rules = top.required("rules");
        if (!rules.isArray()) {
            throw new InvalidPolicyException("/rules", "rules must be a list");
        }
        List<Rule> decoded = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            decoded.add(rule(rules.get(i), i));
        }
        return TrafficPolicy.of(decoded);
    }

    // ---- encoding ----

    static ObjectNode toTree(TrafficPolicy policy, boolean redacted) {
        ObjectNode root = NODES.objectNode();
        root.put("version", VERSION);
        ArrayNode rules = root.putArray("rules");
        for (Rule rule : policy.rules()) {
            rules.add(ruleTree(rule, redacted));
        }
        return root;
    }

    private static ObjectNode ruleTree(Rule rule, boolean redacted) {
        ObjectNode out = NODES.objectNode();
        out.put("kind", rule.kind());
        if (rule instanceof RequestRule request && !request.match().isAny()) {
            out.set("match", matchTree(request.match()));
        }
        switch (rule) {
            case RestrictIps r -> {
                if (!r.allow().isEmpty()) {
                    ArrayNode allow = out.putArray("allow");
                    r.allow().forEach(range -> allow.add(range.toString()));
                }
                if (!r.deny().isEmpty()) {
                    ArrayNode deny = out.putArray("deny");
                    r.deny().forEach(range -> deny.add(range.toString()));
                }
            }
            case RequestHeaders r -> editsTree(out, r.edits());
            case ResponseHeaders r -> editsTree(out, r.edits());
            case VerifyWebhook r -> {
                out.put("provider", r.provider().wireName());
                r.header().ifPresent(h -> out.put("header", h));
                if (redacted) {
                    out.putObject("secret").put("redacted", r.secret().redacted());
                } else {
                    out.put("secret", r.secret().reveal());
                }
                r.tolerance().filter(t -> !t.equals(VerifyWebhook.DEFAULT_TOLERANCE))
                    .ifPresent(t -> out.put("tolerance", t.toSeconds()));
            }
            case RateLimit r -> {
                out.put("limit", r.limit());
                out.put("per", r.per().wireName());
                if (r.by() != RateLimit.Scope.TUNNEL) {
                    out.put("by", r.by().wireName());
                }
            }
            case FixedResponse r -> responseTree(out, r.response());
            case Deny ignored -> {
            }
            case FallbackResponse r -> {
                ArrayNode when = out.putArray("when");
                r.when().forEach(u -> when.add(u.wireName()));
                responseTree(out, r.response());
            }
        }
        return out;
    }

    private static ObjectNode matchTree(RequestMatch match) {
        ObjectNode out = NODES.objectNode();
        if (!match.methods().isEmpty()) {
            ArrayNode methods = out.putArray("methods");
            match.methods().forEach(methods::add);
        }
        match.path().ifPresent(p -> out.put("path", p.toString()));
        return out;
    }

    private static void editsTree(ObjectNode out, HeaderEdits edits) {
        if (!edits.remove().isEmpty()) {
            ArrayNode remove = out.putArray("remove");
            edits.remove().forEach(remove::add);
        }
        if (!edits.set().isEmpty()) {
            out.set("set", headersTree(edits.set()));
        }
        if (!edits.add().isEmpty()) {
            out.set("add", headersTree(edits.add()));
        }
    }

    private static void responseTree(ObjectNode out, StaticResponse response) {
        out.put("status", response.status());
        if (!response.headers().isEmpty()) {
            out.set("headers", headersTree(response.headers().lines()));
        }
        if (!response.body().isEmpty()) {
            out.put("body", response.body());
        }
    }

    /** {"Name": "value"}, or {"Name": ["a", "b"]} for a header given more than once. */
    private static ObjectNode headersTree(List<Header> lines) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (Header line : lines) {
            grouped.computeIfAbsent(line.name(), k -> new ArrayList<>()).add(line.value());
        }
        ObjectNode out = NODES.objectNode();
        grouped.forEach((name, values) -> {
            if (values.size() == 1) {
                out.put(name, values.getFirst());
            } else {
                ArrayNode array = out.putArray(name);
                values.forEach(array::add);
            }
        });
        return out;
    }

    // ---- decoding ----

    private static Rule rule(JsonNode node, int index) {
        String where = "/rules/" + index;
        if (node == null || !node.isObject()) {
            throw new InvalidPolicyException(where, "rule " + (index + 1) + " must be a mapping with a kind, e.g. kind: deny");
        }
        JsonNode kindNode = node.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            throw new InvalidPolicyException(where, "rule " + (index + 1) + " has no kind; use one of " + KINDS);
        }
        String kind = kindNode.asText();
        Fields fields = Fields.of(node, "", "the rule");
        try {
            return switch (kind) {
                case RestrictIps.KIND -> restrictIps(fields);
                case RequestHeaders.KIND -> {
                    fields.only("kind", "match", "remove", "set", "add");
                    yield new RequestHeaders(match(fields), edits(fields));
                }
                case ResponseHeaders.KIND -> {
                    fields.only("kind", "match", "remove", "set", "add");
                    yield new ResponseHeaders(match(fields), edits(fields));
                }
                case VerifyWebhook.KIND -> verifyWebhook(fields);
                case RateLimit.KIND -> rateLimit(fields);
                case FixedResponse.KIND -> {
                    fields.only("kind", "match", "status", "headers", "body");
                    yield new FixedResponse(match(fields), response(fields));
                }
                case Deny.KIND -> {
                    fields.only("kind", "match");
                    yield new Deny(match(fields));
                }
                case FallbackResponse.KIND -> fallback(fields);
                default -> throw InvalidPolicyException.at("kind", "\"" + kind + "\" is not a kind of rule; use one of " + KINDS);
            };
        } catch (InvalidPolicyException e) {
            throw e.under(where, "rule " + (index + 1) + (isKnown(kind) ? " (" + kind + ")" : "") + ": ");
        }
    }

    private static final String KINDS = String.join(", ", List.of(RestrictIps.KIND, RequestHeaders.KIND, ResponseHeaders.KIND,
        VerifyWebhook.KIND, RateLimit.KIND, FixedResponse.KIND, Deny.KIND, FallbackResponse.KIND));

    private static boolean isKnown(String kind) {
        return List.of(KINDS.split(", ")).contains(kind);
    }

    private static RestrictIps restrictIps(Fields fields) {
        fields.only("kind", "match", "allow", "deny");
        return new RestrictIps(match(fields), ranges(fields, "allow"), ranges(fields, "deny"));
    }

    private static List<IpRange> ranges(Fields fields, String name) {
        List<String> texts = fields.texts(name);
        List<IpRange> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(IpRange.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw InvalidPolicyException.at(name + "/" + i, e.getMessage());
            }
        }
        return out;
    }

    private static VerifyWebhook verifyWebhook(Fields fields) {
        fields.only("kind", "match", "provider", "secret", "header", "tolerance");
        String providerName = fields.text("provider");
        WebhookProvider provider = WebhookProvider.fromWireName(providerName).orElseThrow(() -> InvalidPolicyException.at("provider",
            "\"" + providerName + "\" is not a provider Porthole knows; use " + WebhookProvider.choices()));
        JsonNode secretNode = fields.required("secret");
        if (secretNode.isObject() && secretNode.has("redacted")) {
            throw InvalidPolicyException.at("secret", "the secret is redacted (" + secretNode.get("redacted").asText()
                + "); give the secret itself");
        }
        if (!secretNode.isTextual()) {
            throw InvalidPolicyException.at("secret", "secret must be text");
        }
        Secret secret = Secret.of(secretNode.asText());
        Optional<Duration> tolerance = fields.optionalInt("tolerance").map(Duration::ofSeconds);
        return new VerifyWebhook(match(fields), provider, secret, fields.optionalText("header"), tolerance);
    }

    private static RateLimit rateLimit(Fields fields) {
        fields.only("kind", "match", "limit", "per", "by");
        int limit = fields.optionalInt("limit").orElseThrow(() -> InvalidPolicyException.at("limit", "limit is missing: how many requests, e.g. limit: 60"));
        String perName = fields.optionalText("per").orElse(RateLimit.Window.MINUTE.wireName());
        RateLimit.Window per = RateLimit.Window.fromWireName(perName).orElseThrow(() -> InvalidPolicyException.at("per",
            "per must be second, minute or hour, got \"" + perName + "\""));
        String byName = fields.optionalText("by").orElse(RateLimit.Scope.TUNNEL.wireName());
        RateLimit.Scope by = RateLimit.Scope.fromWireName(byName).orElseThrow(() -> InvalidPolicyException.at("by",
            "by must be tunnel (all callers together) or ip (each caller IP), got \"" + byName + "\""));
        return new RateLimit(match(fields), limit, per, by);
    }

    private static FallbackResponse fallback(Fields fields) {
        fields.only("kind", "when", "status", "headers", "body");
        List<String> names = fields.texts("when");
        Set<Unavailability> when = EnumSet.noneOf(Unavailability.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            when.add(Unavailability.fromWireName(name).orElseThrow(() -> InvalidPolicyException.at("when",
                "\"" + name + "\" is not a situation; use tunnel-offline or local-service-down")));
        }
        return new FallbackResponse(when, response(fields));
    }

    private static StaticResponse response(Fields fields) {
        int status = fields.optionalInt("status").orElseThrow(() -> InvalidPolicyException.at("status", "status is missing, e.g. status: 200"));
        HttpHeaders headers = HttpHeaders.of(fields.headerLines("headers"));
        return new StaticResponse(status, headers, fields.optionalText("body").orElse(""));
    }

    private static RequestMatch match(Fields rule) {
        JsonNode node = rule.node.get("match");
        if (node == null) {
            return RequestMatch.any();
        }
        try {
            Fields fields = Fields.of(node, "", "match");
            fields.only("methods", "path");
            Optional<PathPattern> pattern = Optional.empty();
            Optional<String> path = fields.optionalText("path");
            if (path.isPresent()) {
                try {
                    pattern = Optional.of(PathPattern.parse(path.get()));
                } catch (IllegalArgumentException e) {
                    throw InvalidPolicyException.at("path", e.getMessage());
                }
            }
            return new RequestMatch(new LinkedHashSet<>(fields.texts("methods")), pattern);
        } catch (InvalidPolicyException e) {
            throw e.under("/match", "match: ");
        }
    }

    private static HeaderEdits edits(Fields fields) {
        return new HeaderEdits(fields.texts("remove"), fields.headerLines("set"), fields.headerLines("add"));
    }

    /** One JSON object being read, with where it is (a JSON Pointer) for messages. */
    private static final class Fields {
        final ObjectNode node;
        final String pointer;

        private Fields(ObjectNode node, String pointer) {
            this.node = node;
            this.pointer = pointer;
        }

        static Fields of(JsonNode node, String pointer, String what) {
            if (node == null || !node.isObject()) {
                throw new InvalidPolicyException(pointer, what + " must be a mapping of names to values");
            }
            return new Fields((ObjectNode) node, pointer);
        }

        /** Refuses misspelt or unknown fields, naming the ones that exist. */
        void only(String... names) {
            List<String> known = List.of(names);
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                if (!known.contains(name)) {
                    throw new InvalidPolicyException(pointer + "/" + escape(name), "unknown field \"" + name + "\"; the fields here are "
                        + String.join(", ", known.stream().filter(n -> !n.equals("kind")).toList()));
                }
            }
        }

        JsonNode required(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new InvalidPolicyException(pointer, name + " is missing");
            }
            return value;
        }

        String text(String name) {
            JsonNode value = required(name);
            if (!value.isTextual()) {
                throw new InvalidPolicyException(pointer + "/" + name, name + " must be text");
            }
            return value.asText();
        }

        Optional<String> optionalText(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isTextual()) {
                throw new InvalidPolicyException(pointer + "/" + name, name + " must be text");
            }
            return Optional.of(value.asText());
        }

        Optional<Integer> optionalInt(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new InvalidPolicyException(pointer + "/" + name, name + " must be a whole number");
            }
            return Optional.of(value.intValue());
        }

        /** A list of text, empty when absent. */
        List<String> texts(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw new InvalidPolicyException(pointer + "/" + name, name + " must be a list, e.g. [" + example(name) + "]");
            }
            List<String> out = new ArrayList<>(value.size());
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isTextual()) {
                    throw new InvalidPolicyException(pointer + "/" + name + "/" + i, "each item of " + name + " must be text");
                }
                out.add(item.asText());
            }
            return out;
        }

        /** {"Name": "value" | number | ["value", …]} as header lines, in order. */
        List<Header> headerLines(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return List.of();
            }
            String at = pointer + "/" + name;
            if (!value.isObject()) {
                throw new InvalidPolicyException(at, name + " must map header names to values, e.g. X-Env: staging");
            }
            List<Header> out = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                String headerAt = at + "/" + escape(entry.getKey());
                JsonNode v = entry.getValue();
                if (v.isArray()) {
                    for (int i = 0; i < v.size(); i++) {
                        out.add(new Header(entry.getKey(), headerValue(v.get(i), headerAt + "/" + i, entry.getKey())));
                    }
                } else {
                    out.add(new Header(entry.getKey(), headerValue(v, headerAt, entry.getKey())));
                }
            }
            return out;
        }

        private static String headerValue(JsonNode v, String at, String header) {
            if (v.isTextual()) {
                return v.asText();
            }
            if (v.isIntegralNumber()) {
                return v.asText();
            }
            throw new InvalidPolicyException(at, "the value of header " + header + " must be text (quote it)");
        }

        private static String example(String name) {
            return switch (name) {
                case "allow", "deny" -> "203.0.113.0/24";
                case "methods" -> "GET, HEAD";
                case "when" -> "tunnel-offline";
                default -> "X-Debug";
            };
        }
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
