package dev.porthole.agent.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porthole.policy.InvalidPolicyException;
import dev.porthole.policy.PolicyJson;
import dev.porthole.policy.TrafficPolicy;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a {@code --policy} file: YAML in the shape of the policy's JSON form ({@link PolicyJson}), plus one
 * addition, {@code secret: {env: NAME}}, which takes a webhook secret from an environment variable so the file can
 * be shared or committed without it. Every problem is one line naming the file, the line and the column:
 * {@code policy.yaml, line 7, column 11: rule 2 (verify-webhook): "gitlab" is not a provider Porthole knows; …}.
 */
public final class PolicyFile {
    /** Far more than any policy needs (the policy itself is at most 64 KB encoded); comments are welcome. */
    static final int MAX_FILE_BYTES = 1024 * 1024;
    private static final int MAX_DEPTH = 16;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A policy read from a file.
     *
     * @param literalSecrets whether the file itself holds a webhook secret (rather than {@code {env: NAME}})
     */
    public record Loaded(TrafficPolicy policy, boolean literalSecrets) {
    }

    private final String name;
    private final Function<String, String> environment;
    private final Map<String, Mark> marks = new HashMap<>();
    private final Scalars scalars = new Scalars();
    private boolean literalSecrets;
    private UnsetSecret unsetSecret;

    private PolicyFile(String name, Function<String, String> environment) {
        this.name = name;
        this.environment = environment;
    }

    /**
     * @param environment where {@code {env: NAME}} secrets come from ({@code System::getenv} in the command line)
     * @throws PolicyFileException naming the file, and the line and column of the problem when there is one
     */
    public static Loaded read(Path file, Function<String, String> environment) {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new PolicyFileException(name + ": the file is larger than " + MAX_FILE_BYTES / 1024 + " KB; a policy is far smaller");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PolicyFileException(name + ": no such file");
        } catch (IOException e) {
            throw new PolicyFileException(name + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyFileException(name + ": the file is not UTF-8 text");
        }
        return parse(text, name, environment);
    }

    /** The same, from text already read; {@code name} is what messages call it. */
    public static Loaded parse(String text, String name, Function<String, String> environment) {
        return new PolicyFile(name, environment).load(text);
    }

    private Loaded load(String text) {
        Node root;
        try {
            root = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new PolicyFileException(at(mark) + "not valid YAML: " + describe(e));
        } catch (YAMLException e) {
            throw new PolicyFileException(name + ": not valid YAML");
        }
        if (root == null) {
            throw new PolicyFileException(name + ": the file is empty; start it with version: 1 and a list of rules");
        }
        JsonNode tree = convert(root, "", 0);
        resolveSecrets(tree);
        TrafficPolicy policy;
        try {
            policy = PolicyJson.decode(tree);
        } catch (InvalidPolicyException e) {
            Mark mark = markFor(e.pointer());
            if (unsetSecret != null && isBefore(unsetSecret.mark(), mark)) {
                throw new PolicyFileException(at(unsetSecret.mark()) + unsetSecret.message());
            }
            throw new PolicyFileException(at(mark) + e.getMessage());
        }
        if (unsetSecret != null) {
            throw new PolicyFileException(at(unsetSecret.mark()) + unsetSecret.message());
        }
        return new Loaded(policy, literalSecrets);
    }

    /** A secret whose variable is not set: reported unless the policy has a problem earlier in the file. */
    private record UnsetSecret(Mark mark, String message) {
    }

    private static boolean isBefore(Mark a, Mark b) {
        return b == null || (a != null && (a.getLine() < b.getLine() || (a.getLine() == b.getLine() && a.getColumn() < b.getColumn())));
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH * 2);
        options.setCodePointLimit(MAX_FILE_BYTES);
        options.setTagInspector(tag -> false);
        // the composer takes these options from the constructor; nothing is constructed from the file but scalars
        return new Yaml(new SafeConstructor(options));
    }

    /** "policy.yaml, line 7, column 5: " (SnakeYAML counts from 0, people from 1). */
    private String at(Mark mark) {
        return mark == null ? name + ": " : name + ", line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
        return problem == null ? "cannot be read" : problem.strip();
    }

    /** The mark of the node at {@code pointer}, or of the nearest enclosing node that has one. */
    private Mark markFor(String pointer) {
        String p = pointer;
        while (true) {
            Mark mark = marks.get(p);
            if (mark != null || p.isEmpty()) {
                return mark;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    private JsonNode convert(Node node, String pointer, int depth) {
        if (depth > MAX_DEPTH) {
            throw new PolicyFileException(at(node.getStartMark()) + "nested too deeply for a policy");
        }
        marks.putIfAbsent(pointer, node.getStartMark());
        return switch (node) {
            case ScalarNode scalar -> scalar(scalar);
            case SequenceNode sequence -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = 0; i < sequence.getValue().size(); i++) {
                    array.add(convert(sequence.getValue().get(i), pointer + "/" + i, depth + 1));
                }
                yield array;
            }
            case MappingNode mapping -> {
                ObjectNode object = NODES.objectNode();
                Set<String> seen = new HashSet<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                        throw new PolicyFileException(at(tuple.getKeyNode().getStartMark()) + "a key must be a plain name");
                    }
                    String field = key.getValue();
                    if (!seen.add(field)) {
                        throw new PolicyFileException(at(key.getStartMark()) + "\"" + field + "\" is given twice");
                    }
                    String child = pointer + "/" + field.replace("~", "~0").replace("/", "~1");
                    marks.put(child, tuple.getValueNode().getStartMark());
                    object.set(field, convert(tuple.getValueNode(), child, depth + 1));
                }
                yield object;
            }
            default -> throw new PolicyFileException(at(node.getStartMark()) + "unexpected YAML");
        };
    }

    private JsonNode scalar(ScalarNode node) {
        Object value;
        try {
            value = scalars.construct(node);
        } catch (YAMLException e) {
            throw new PolicyFileException(at(node.getStartMark()) + "\"" + node.getValue() + "\" cannot be read");
        }
        return switch (value) {
            case null -> NODES.nullNode();
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case BigInteger b -> NODES.numberNode(b);
            case Double d -> NODES.numberNode(d);
            default -> NODES.textNode(node.getValue());
        };
    }

    /** {@code secret: {env: NAME}} becomes the variable's value; a secret written in the file is noted. */
    private void resolveSecrets(JsonNode tree) {
        JsonNode rules = tree.get("rules");
        if (rules == null || !rules.isArray()) {
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            if (!(rules.get(i) instanceof ObjectNode rule)) {
                continue;
            }
            JsonNode secret = rule.get("secret");
            if (secret != null && secret.isTextual()) {
                literalSecrets = true;
            }
            if (secret == null || !secret.isObject() || secret.has("redacted")) {
                continue;
            }
            String where = "/rules/" + i + "/secret";
            String label = "rule " + (i + 1) + " (" + rule.path("kind").asText("?") + "): ";
            JsonNode variable = secret.get("env");
            if (secret.size() != 1 || variable == null || !variable.isTextual() || variable.asText().isBlank()) {
                throw new PolicyFileException(at(markFor(where)) + label + "write the secret as text, or as {env: NAME} to take it from an environment variable");
            }
            String value = environment.apply(variable.asText());
            if (value == null || value.isEmpty()) {
                if (unsetSecret == null) {
                    unsetSecret = new UnsetSecret(markFor(where), label + "the environment variable " + variable.asText()
                        + " that holds the secret is not set (or is empty)");
                }
                // a stand-in, so that the rest of the file is checked too; the policy is never returned
                value = "unset";
            }
            rule.put("secret", value);
        }
    }

    /** SafeConstructor's scalar rules (YAML 1.1 numbers, booleans, null), with timestamps kept as text. */
    private static final class Scalars extends SafeConstructor {
        Scalars() {
            super(new LoaderOptions());
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
            yamlConstructors.put(Tag.BINARY, new ConstructYamlStr());
        }

        Object construct(ScalarNode node) {
            return constructObject(node);
        }
    }
}
