package dev.porthole.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation YAML (or JSON) into plain Java values, turning the short-form tags
 * ({@code !Ref x}, {@code !GetAtt a.b}, {@code !Sub ...}) into the long form CloudFormation itself uses
 * ({@code {"Ref": x}}, {@code {"Fn::GetAtt": [a, b]}}, {@code {"Fn::Sub": ...}}), so the rest of the code
 * only ever sees one form. The result is deeply unmodifiable.
 */
final class CloudFormationYaml {

    /** Short-form tags written {@code !Name}, whose long form is {@code {"Fn::Name": value}}. */
    private static final Set<String> FUNCTIONS = Set.of(
            "Sub", "If", "Equals", "Not", "And", "Or", "Join", "Select", "Split", "FindInMap",
            "Base64", "Cidr", "GetAZs", "ImportValue", "Length", "ToJsonString", "Transform");

    private CloudFormationYaml() {
    }

    static Object read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // CloudFormation rejects them too
        options.setTagInspector(tag -> false); // no arbitrary Java types, ever
        options.setCodePointLimit(Math.max(3 * 1024 * 1024, text.length() + 1));
        try {
            return immutable(new Yaml(new Constructor(options)).load(text));
        } catch (YAMLException e) {
            throw new IllegalArgumentException("Not a valid CloudFormation template: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object immutable(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), immutable(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(immutable(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static final class Constructor extends SafeConstructor {
        Constructor(LoaderOptions options) {
            super(options);
            // CloudFormation keeps "2010-09-09" a string; YAML would make it a date
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
            yamlConstructors.put(new Tag("!Ref"), new LongForm("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new LongForm("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new LongForm("Fn::" + function));
            }
        }

        Object value(Node node) {
            return switch (node) {
                case ScalarNode scalar -> constructScalar(scalar);
                case SequenceNode sequence -> new ArrayList<>(constructSequence(sequence));
                case MappingNode mapping -> new LinkedHashMap<>(constructMapping(mapping));
                default -> throw new YAMLException("unexpected YAML node " + node.getNodeId());
            };
        }

        private final class LongForm extends AbstractConstruct {
            private final String key;

            LongForm(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put(key, value(node));
                return function;
            }
        }

        /** {@code !GetAtt Resource.Attribute} splits at the first dot; the sequence form is kept as is. */
        private final class GetAtt extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                Object value = value(node);
                if (value instanceof String dotted) {
                    int dot = dotted.indexOf('.');
                    if (dot <= 0 || dot == dotted.length() - 1) {
                        throw new YAMLException("!GetAtt needs Resource.Attribute, got '" + dotted + "'"
                                + node.getStartMark());
                    }
                    value = List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
                }
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("Fn::GetAtt", value);
                return function;
            }
        }
    }
}
